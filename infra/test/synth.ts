/** Synthesizes the whole app into a temporary cloud assembly, as `cdk synth` would (cdk-nag included). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildEggApp, type EggApp, type EggAppOptions } from '../src/app.ts';
import { bundleDir as defaultBundles, workspaceRoot as defaultRoot } from './workspace.ts';

export interface Synthesized extends EggApp {
  assembly: CloudAssembly;
  /** Stack id (Nx project for function stacks) → its template. */
  templates: Map<string, Template>;
}

const outdirs: string[] = [];

/** Deletes every assembly synth() wrote (each holds a copy of all bundles). */
export function removeAssemblies(): void {
  for (const dir of outdirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The issuer every test stage trusts unless a test says otherwise (a stage must name one, or say auth none). */
export const TEST_AUTH = { authIssuer: 'https://issuer.example.com', authAudience: 'egg-test' };

export function synth(
  context: Record<string, string> = {},
  roots: { workspaceRoot?: string; bundleDir?: string; stages?: EggAppOptions['stages'] } = {},
): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-cdk-'));
  outdirs.push(outdir);
  const built = buildEggApp({
    workspaceRoot: roots.workspaceRoot ?? defaultRoot,
    bundleDir: roots.bundleDir ?? defaultBundles,
    stages: roots.stages,
    outdir,
    context: { ...TEST_AUTH, ...context },
  });
  const assembly = built.app.synth();
  const templates = new Map([built.shared, ...built.entities, built.gateway].map((s) => [s.node.id, Template.fromStack(s)]));
  return { ...built, assembly, templates };
}

type Resource = { Type: string; Properties?: Record<string, unknown> };

export function resources(template: Template, type: string): Resource[] {
  return Object.values(template.findResources(type)) as Resource[];
}

/** The app's own functions (each named `egg-<stage>-…`), not the function CDK adds behind custom resources. */
export function eggFunctions(template: Template): Resource[] {
  return resources(template, 'AWS::Lambda::Function').filter((fn) => String(fn.Properties!.FunctionName ?? '').startsWith('egg-'));
}
