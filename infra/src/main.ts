import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEggApp } from './app.ts';
import { StageConfigError } from './config.ts';

try {
  buildEggApp({ workspaceRoot: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..') }).app.synth();
} catch (error) {
  // A wrong stage setting is the person's to fix: say what, without a stack trace.
  if (!(error instanceof StageConfigError)) throw error;
  console.error(`infra: ${error.message}`);
  process.exit(1);
}
