/**
 * Changes to a deployed stage, replayed stack by stack in the order a person runs them
 * (deploy-model.ts): switching the backend both ways, adding and removing an AZ, destroying one
 * entity. Each order the README gives must meet no problem; the ones it warns against must.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES, type StageConfig } from '../src/config.ts';
import { deployAllOrder, destroyOrder, replay, snapshot, type Snapshot, type Step } from './deploy-model.ts';
import { removeAssemblies, synth } from './synth.ts';

afterAll(removeAssemblies);

const BROKERS = 'pkc-test.eu-west-1.aws.confluent.cloud:9092';
const oneAz: Record<string, StageConfig> = { dev: { ...STAGES.dev, maxAzs: 1 } };

let file: Snapshot;
let kafka: Snapshot;
let fileOneAz: Snapshot;

beforeAll(() => {
  file = snapshot(synth());
  kafka = snapshot(synth({ backend: 'kafka', kafkaBrokers: BROKERS }));
  fileOneAz = snapshot(synth({}, { stages: oneAz }));
});

/** `npx nx run infra:deploy-functions`: `cdk deploy "*-function" --exclusively`. */
const deployFunctions = (app: Snapshot): Step[] => [...app.templates.keys()].filter((id) => id.endsWith('-function')).map((deploy) => ({ deploy }));

describe('the model catches what CloudFormation would refuse or break', () => {
  it('a consumer deployed before what it reads, and a producer dropping what a deployed stack reads', () => {
    // Removing an AZ with the shared stack first deletes a subnet the functions are still in.
    const problems = replay(file, fileOneAz, deployAllOrder(fileOneAz));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^shared drops FunctionSubnet2, which deployed [a-z-]+-function still uses$/);
    // Adding one with the functions first reads a subnet that does not exist yet.
    expect(replay(fileOneAz, file, deployFunctions(file))[0]).toMatch(/^[a-z-]+-function reads FunctionSubnet2 of shared, which is not deployed yet$/);
  });
});

describe('deploy flows', () => {
  it('first deploy: deploy-all on an empty account', () => {
    expect(replay(undefined, file, deployAllOrder(file))).toEqual([]);
  });

  it('switches a deployed stage from file to kafka and back, each with one deploy-all', () => {
    expect(replay(file, kafka, deployAllOrder(kafka))).toEqual([]);
    expect(replay(kafka, file, deployAllOrder(file))).toEqual([]);
  });

  it('keeps the shared stack unchanged across a backend switch (nothing a running function uses goes away)', () => {
    expect(kafka.templates.get('shared')).toEqual(file.templates.get('shared'));
  });

  it('adds an AZ with deploy-all, removes one with deploy-functions then deploy-all (README)', () => {
    expect(replay(fileOneAz, file, deployAllOrder(file))).toEqual([]);
    expect(replay(file, fileOneAz, [...deployFunctions(fileOneAz), ...deployAllOrder(fileOneAz)])).toEqual([]);
  });

  it('destroys one entity alone: no stack depends on an entity stack', () => {
    for (const app of [file, kafka]) {
      const steps = destroyOrder(app, 'farm-function');
      expect(steps).toEqual([{ destroy: 'farm-function' }]);
      expect(replay(app, app, steps)).toEqual([]);
    }
  });

  it('reads the shared stack weakly only, and nothing else across stacks', () => {
    for (const app of [file, kafka]) {
      for (const [id, t] of app.templates) {
        const text = JSON.stringify(t);
        expect(text).not.toContain('Fn::ImportValue');
        const producers = [...text.matchAll(/"Fn::GetStackOutput":\{"StackName":"([^"]+)"/g)].map((m) => m[1]);
        expect(new Set(producers)).toEqual(new Set(id === 'shared' ? [] : ['egg-dev-shared']));
      }
    }
  });
});
