import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEggApp } from './app.ts';

buildEggApp({ workspaceRoot: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..') }).app.synth();
