/**
 * The README's "Deploy to AWS" section, command by command: each `npx nx run` names a target its
 * project has, and synthesizes (cdk-nag included) with exactly the `-c` context it shows; each
 * secret it tells a person to fill in exists under that name after the deploy before it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeAssemblies, resources, synth, type Synthesized } from './synth.ts';
import { workspaceRoot } from './workspace.ts';

afterAll(removeAssemblies);

const readme = fs.readFileSync(path.join(workspaceRoot, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Deploy to AWS'), readme.indexOf('\n## ', readme.indexOf('## Deploy to AWS') + 1));

/** Every shell line of the section's `sh` blocks, continuations joined, comments dropped. */
const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) =>
  block[1]
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line && !line.startsWith('#')),
);

const projectTargets = new Map<string, string[]>();
for (const dir of ['infra', ...fs.readdirSync(path.join(workspaceRoot, 'apps')).map((a) => `apps/${a}`)]) {
  const file = path.join(workspaceRoot, dir, 'project.json');
  if (!fs.existsSync(file)) continue;
  const project = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; targets?: Record<string, unknown> };
  projectTargets.set(project.name, Object.keys(project.targets ?? {}));
}

const contextOf = (command: string): Record<string, string> =>
  Object.fromEntries([...command.matchAll(/-c (\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));

describe('README: Deploy to AWS', () => {
  const nxRuns = commands.filter((c) => c.startsWith('npx nx run '));

  it('has the commands this test reads', () => {
    expect(nxRuns.length).toBeGreaterThanOrEqual(8);
    expect(nxRuns.some((c) => c.includes('-c stage=prod'))).toBe(true);
    expect(nxRuns.some((c) => c.includes('-c backend=kafka'))).toBe(true);
  });

  it('names only targets that exist', () => {
    for (const command of nxRuns) {
      const [project, target] = command.split(' ')[3].split(':');
      expect(projectTargets.get(project), command).toContain(target);
    }
  });

  it('synthesizes every command as written, and each secret it fills in exists after the deploy before it', () => {
    let last: Synthesized | undefined;
    const synthesized = new Map<string, Synthesized>();
    for (const command of commands) {
      if (command.startsWith('npx nx run ')) {
        const context = contextOf(command);
        const key = JSON.stringify(context);
        if (!synthesized.has(key)) synthesized.set(key, synth(context));
        last = synthesized.get(key);
      }
      const secret = /--secret-id (\S+)/.exec(command)?.[1];
      if (secret) {
        expect(last, command).toBeDefined();
        const names = [...last!.templates.values()].flatMap((t) => resources(t, 'AWS::SecretsManager::Secret').map((r) => r.Properties!.Name));
        expect(names, command).toContain(secret);
      }
    }
    // dev, prod with its brokers, kafka, back to file, and a file system kept or restored.
    expect([...synthesized.keys()].sort()).toEqual(
      [
        '{}',
        '{"logFileSystemId":"fs-0123456789abcdef0"}',
        '{"logFileSystemId":"fs-0fedcba9876543210"}',
        '{"stage":"prod","kafkaBrokers":"pkc-xxxxx.eu-west-1.aws.confluent.cloud:9092"}',
        '{"backend":"kafka","kafkaBrokers":"pkc-xxxxx.eu-west-1.aws.confluent.cloud:9092"}',
        '{"backend":"file"}',
      ].sort(),
    );
  });
});
