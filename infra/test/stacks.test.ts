/** The whole app synthesized offline, per backend: what each stack holds and may do. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { buildEggApp } from '../src/app.ts';
import { STAGES, entitySize } from '../src/config.ts';
import { EFS_MOUNT, entityRoutes } from '../src/entity-stack.ts';
import { findEntities } from '@egg/shared-catalog';
import { PROJECTIONS } from '@egg/entity-projections';
import { eggFunctions, removeAssemblies, resources, synth, TEST_AUTH, type Synthesized } from './synth.ts';
import { workspaceRoot } from './workspace.ts';

afterAll(removeAssemblies);

const entities = findEntities(path.join(workspaceRoot, 'apps'));
const dev = STAGES.dev;
const BROKERS = 'pkc-test.eu-west-1.aws.confluent.cloud:9092';

/** Every environment variable of every function in the app. */
const environments = (s: Synthesized) =>
  [...s.templates.values()].flatMap((t) =>
    eggFunctions(t).map((fn) => (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables),
  );

const statements = (s: Synthesized, stackId: string) =>
  resources(s.templates.get(stackId)!, 'AWS::IAM::Policy').flatMap(
    (p) => (p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown }[] }).Statement,
  );
const actions = (s: Synthesized, stackId: string) => statements(s, stackId).flatMap((st) => [st.Action].flat());

const ALLOWED_ENV = /^(NODE_ENV|NODE_OPTIONS|POWERTOOLS_METRICS_NAMESPACE|EGG_AUTH_ISSUER|EGG_AUTH_AUDIENCE|EGG_AUTH_GROUPS_CLAIM|EGG_STORAGE|DATA_DIR|EGG_FILE_LOG_MODE|EGG_FILE_LOG_LOCK_WAIT_MS|EGG_FILE_LOG_SOURCES|KAFKA_BROKERS|KAFKA_SASL_MECHANISM|KAFKA_CLIENT_ID|KAFKA_SECRET_ARN|APOLLO_TELEMETRY_DISABLED|SUBGRAPH_TRANSPORT|SUBGRAPH_FUNCTION_[A-Z_]+)$/;

/** Each entity's policies for its write routes' throttles (write-throttling.ts): the route settings of one stage. */
const throttlePolicies = entities.flatMap((e) => [0, 1, 2].map((i) => `${e.project}/WriteThrottle${i}/CustomResourcePolicy/Resource`));

/** The constructs whose IAM wildcard is acknowledged: one policy per function that runs in the VPC. */
function commonChecks(get: () => Synthesized, wildcardPolicies: string[]): void {
  it('has the shared stack, one stack per entity app on disk, and the gateway', () => {
    const s = get();
    expect(entities).toHaveLength(13);
    expect([...s.templates.keys()]).toEqual(['shared', ...entities.map((e) => e.project), 'gateway-function']);
    expect(s.assembly.stacks.map((st) => st.stackName)).toContain('egg-dev-lay-report');
  });

  it('runs every function on nodejs24.x, ARM64, the app bundle, sized by the stage', () => {
    const s = get();
    for (const e of entities) {
      expect(eggFunctions(s.templates.get(e.project)!)).toHaveLength(1);
      s.templates.get(e.project)!.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: `egg-dev-${e.folder}`,
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: dev.entityFunction.memoryMb,
        Timeout: dev.entityFunction.timeoutSeconds,
      });
    }
    s.templates.get('gateway-function')!.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: dev.gatewayFunction.memoryMb,
      Timeout: dev.gatewayFunction.timeoutSeconds,
    });
    s.templates.get('shared')!.resourceCountIs('AWS::Lambda::Function', 0);
  });

  it("caps each function's V8 old generation at a quarter of its memory, so the heap follows the memory setting", () => {
    const functions = [...get().templates.values()].flatMap(eggFunctions);
    expect(functions).toHaveLength(14);
    for (const fn of functions) {
      const { MemorySize, Environment } = fn.Properties as { MemorySize: number; Environment: { Variables: Record<string, string> } };
      expect(Environment.Variables.NODE_OPTIONS.split(' ')).toEqual(['--max-semi-space-size=2', `--max-old-space-size=${Math.floor(MemorySize / 4)}`]);
    }
  });

  it('creates each route in its own stack, on the shared API, with a log group per function', () => {
    const s = get();
    s.templates.get('shared')!.resourceCountIs('AWS::ApiGatewayV2::Route', 0);
    s.templates.get('shared')!.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    for (const e of entities) {
      const keys = resources(s.templates.get(e.project)!, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties!.RouteKey);
      expect(keys).toEqual(entityRoutes(e).map((r) => `${r.method} ${r.path}`));
      s.templates.get(e.project)!.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: `/aws/lambda/egg-dev-${e.folder}` });
    }
    const gatewayKeys = resources(s.templates.get('gateway-function')!, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties!.RouteKey);
    expect(gatewayKeys).toEqual(['ANY /graphql', 'GET /graphql', 'HEAD /graphql', 'OPTIONS /graphql', 'ANY /graphql/{proxy+}']);
  });

  it('throttles each write route of each entity on the shared stage, from the entity’s stack, once the route exists', () => {
    const s = get();
    for (const e of entities) {
      const t = s.templates.get(e.project)!;
      const routes = Object.entries(t.findResources('AWS::ApiGatewayV2::Route'));
      const throttles = Object.values(t.findResources('Custom::RouteThrottle'));
      const writes = entityRoutes(e).filter((r) => r.scope === 'egg:write').map((r) => `${r.method} ${r.path}`);
      expect(writes).toEqual([`POST /${e.name}/api`, `PUT /${e.name}/api/{id}`, `DELETE /${e.name}/api/{id}`]);
      expect(throttles).toHaveLength(writes.length);
      throttles.forEach((throttle, i) => {
        // The SDK call is JSON inside an Fn::Join (the API's id is a shared value).
        const call = (phase: string) => JSON.stringify(throttle.Properties[phase]).replaceAll('\\"', '"');
        expect(call('Create')).toContain('"action":"UpdateStage"');
        expect(call('Create')).toContain(`"RouteSettings":{"${writes[i]}":{"ThrottlingRateLimit":${dev.writeThrottle.rate},"ThrottlingBurstLimit":${dev.writeThrottle.burst}}}`);
        expect(call('Update')).toBe(call('Create'));
        expect(call('Delete')).toContain(`"action":"DeleteRouteSettings"`);
        expect(call('Delete')).toContain(`"RouteKey":"${writes[i]}"`);
        const [routeId] = routes.find(([, route]) => route.Properties.RouteKey === writes[i])!;
        expect(throttle.DependsOn).toContain(routeId);
      });
    }
  });

  it('points the gateway at the 13 functions by their fixed names, and lets it invoke exactly those', () => {
    const s = get();
    const gateway = s.templates.get('gateway-function')!;
    const env = eggFunctions(gateway)[0].Properties!.Environment as { Variables: Record<string, unknown> };
    expect(env.Variables.SUBGRAPH_TRANSPORT).toBe('lambda');
    for (const e of entities) expect(env.Variables[`SUBGRAPH_FUNCTION_${e.constant}`]).toBe(`egg-dev-${e.folder}`);
    const invoke = statements(s, 'gateway-function').filter((st) => st.Action === 'lambda:InvokeFunction');
    expect(invoke).toHaveLength(1);
    const arns = (invoke[0].Resource as unknown[]).map((r) => JSON.stringify(r));
    expect(arns).toEqual(entities.map((e) => expect.stringMatching(new RegExp(`:function:egg-dev-${e.folder}"\\]\\]\\}$`))));
    // Built from the stack's own partition, region and account: nothing read at deploy time.
    for (const arn of arns) expect(arn).not.toMatch(/GetStackOutput|ImportValue|SsmParameter|"Ref":"[^A]/);
    expect(actions(s, 'gateway-function').filter((a) => !/^(logs|xray):/.test(a))).toEqual(['lambda:InvokeFunction']);
    for (const e of entities) expect(actions(s, e.project)).not.toContain('lambda:InvokeFunction');
    for (const t of s.templates.values()) t.resourceCountIs('AWS::SSM::Parameter', 0);
  });

  it('traces every function with X-Ray and names the stage\'s metrics namespace', () => {
    for (const t of get().templates.values()) {
      for (const fn of eggFunctions(t)) {
        expect(fn.Properties!.TracingConfig).toEqual({ Mode: 'Active' });
        expect((fn.Properties!.Environment as { Variables: Record<string, string> }).Variables.POWERTOOLS_METRICS_NAMESPACE).toBe('egg-dev');
      }
    }
  });

  it('alarms on each function\'s errors, throttles and p99 near its timeout, and on the API\'s 5xx, to the stage\'s topic', () => {
    const s = get();
    const topicArn = '{"Fn::Join":["",["arn:",{"Ref":"AWS::Partition"},":sns:",{"Ref":"AWS::Region"},":",{"Ref":"AWS::AccountId"},":egg-dev-alarms"]]}';
    for (const id of [...entities.map((e) => e.project), 'gateway-function']) {
      const alarms = resources(s.templates.get(id)!, 'AWS::CloudWatch::Alarm').map((a) => a.Properties!);
      expect(alarms.map((a) => [a.Namespace, a.MetricName, a.Statistic ?? a.ExtendedStatistic, a.Threshold])).toEqual([
        ['AWS/Lambda', 'Errors', 'Sum', 1],
        ['AWS/Lambda', 'Throttles', 'Sum', 1],
        ['AWS/Lambda', 'Duration', 'p99', (id === 'gateway-function' ? dev.gatewayFunction : dev.entityFunction).timeoutSeconds * 1000 * 0.8],
      ]);
      for (const a of alarms) expect(JSON.stringify(a.AlarmActions)).toBe(`[${topicArn}]`);
    }
    const shared = s.templates.get('shared')!;
    shared.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'egg-dev-alarms' });
    const apiAlarm = resources(shared, 'AWS::CloudWatch::Alarm').map((a) => a.Properties!);
    expect(apiAlarm.map((a) => [a.Namespace, a.MetricName, a.Statistic, a.Threshold])).toEqual([['AWS/ApiGateway', '5xx', 'Sum', 1]]);
    expect(JSON.stringify(apiAlarm[0].AlarmActions)).toMatch(/AlarmTopic/);
  });

  it('logs each API request in the HTTP API field set', () => {
    const stage = resources(get().templates.get('shared')!, 'AWS::ApiGatewayV2::Stage')[0];
    const format = JSON.parse((stage.Properties!.AccessLogSettings as { Format: string }).Format) as Record<string, string>;
    expect(format).toMatchObject({
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      integrationErrorMessage: '$context.integrationErrorMessage',
      requestId: '$context.requestId',
    });
    expect(Object.values(format).filter((v) => !v.startsWith('$context.'))).toEqual([]);
  });

  it('acknowledges every IAM wildcard on a policy of one statement, never on a role or its default policy', () => {
    const report = JSON.parse(fs.readFileSync(path.join(get().assembly.directory, 'validation-report.json'), 'utf8'));
    const nag = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'AwsSolutions');
    const iam5 = (nag.suppressedViolations as { ruleName: string; violatingConstructs: { constructPath: string }[] }[]).filter((v) =>
      v.ruleName.startsWith('AwsSolutions-IAM5'),
    );
    const paths = iam5.flatMap((v) => v.violatingConstructs.map((c) => c.constructPath));
    expect(paths.sort()).toEqual(wildcardPolicies);
    // And in the templates: a statement with a wildcard resource is alone in its policy.
    for (const t of get().templates.values()) {
      for (const policy of resources(t, 'AWS::IAM::Policy')) {
        const { Statement } = policy.Properties!.PolicyDocument as { Statement: { Resource: unknown }[] };
        if (Statement.some((st) => [st.Resource].flat().includes('*'))) expect(Statement).toHaveLength(1);
      }
    }
  });

  it('passes cdk-nag AwsSolutions over the whole app; each suppression has its reason', () => {
    const report = JSON.parse(fs.readFileSync(path.join(get().assembly.directory, 'validation-report.json'), 'utf8'));
    const nag = report.pluginReports.find((r: { pluginName: string }) => r.pluginName === 'AwsSolutions');
    expect(nag).toMatchObject({ conclusion: 'success', violations: [] });
    for (const v of nag.suppressedViolations) expect(v.reason.length).toBeGreaterThan(20);
  });

  it('puts no secret in any environment block', () => {
    const s = get();
    for (const variables of environments(s)) {
      for (const [key, value] of Object.entries(variables)) {
        expect(key).toMatch(ALLOWED_ENV);
        expect(JSON.stringify(value)).not.toMatch(/resolve:secretsmanager|password/i);
      }
    }
  });
}

describe('file backend (stage dev)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth();
  });
  commonChecks(
    () => s,
    [...entities.flatMap((e) => [`${e.project}/Entity/NetworkInterfaces/Resource`, `${e.project}/Entity/Tracing/Resource`]), ...throttlePolicies, 'gateway-function/Gateway/Tracing/Resource'].sort(),
  );

  it('mounts EFS at /mnt/efs through each entity’s own access point, in the VPC, with DATA_DIR set', () => {
    const shared = s.templates.get('shared')!;
    shared.resourceCountIs('AWS::EFS::FileSystem', 1);
    shared.resourceCountIs('AWS::EC2::NatGateway', 0);
    shared.resourceCountIs('AWS::EC2::InternetGateway', 0);
    for (const e of entities.filter((x) => !PROJECTIONS[x.name])) {
      const t = s.templates.get(e.project)!;
      t.hasResourceProperties('AWS::EFS::AccessPoint', {
        RootDirectory: { Path: `/egg-log/${e.name}` },
        PosixUser: { Uid: '1001', Gid: '1001' },
      });
      t.hasResourceProperties('AWS::Lambda::Function', {
        FileSystemConfigs: [{ LocalMountPath: EFS_MOUNT, Arn: Match.anyValue() }],
        VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
        Environment: { Variables: Match.objectLike({ EGG_STORAGE: 'file', DATA_DIR: EFS_MOUNT }) },
      });
      // Mounting is allowed through its own access point only.
      const mount = statements(s, e.project).filter((st) => [st.Action].flat().includes('elasticfilesystem:ClientMount'));
      expect(mount).toHaveLength(1);
      expect(JSON.stringify(mount[0].Condition)).toMatch(/LogAccessPoint/);
      expect(JSON.stringify(mount[0].Resource)).toMatch(/"OutputName":"LogFileSystemId"/);
      expect(actions(s, e.project)).toContain('elasticfilesystem:ClientWrite');
      expect(actions(s, e.project).some((a) => a.startsWith('secretsmanager:'))).toBe(false);
    }
    const gateway = s.templates.get('gateway-function')!;
    gateway.hasResourceProperties('AWS::Lambda::Function', { VpcConfig: Match.absent(), FileSystemConfigs: Match.absent() });
  });

  it('mounts every log a projection is computed from read only: one access point above them, ClientMount alone', () => {
    const projections = entities.filter((e) => PROJECTIONS[e.name]);
    expect(projections.map((e) => e.name)).toEqual(['container_inventory', 'farm_output', 'hen_productivity']);
    for (const e of projections) {
      const t = s.templates.get(e.project)!;
      t.hasResourceProperties('AWS::EFS::AccessPoint', { RootDirectory: { Path: '/egg-log' }, PosixUser: { Uid: '1001', Gid: '1001' } });
      t.hasResourceProperties('AWS::Lambda::Function', {
        FileSystemConfigs: [{ LocalMountPath: EFS_MOUNT, Arn: Match.anyValue() }],
        Environment: { Variables: Match.objectLike({ EGG_STORAGE: 'file', DATA_DIR: EFS_MOUNT, EGG_FILE_LOG_SOURCES: 'per-entity' }) },
      });
      const efs = actions(s, e.project).filter((a) => a.startsWith('elasticfilesystem:'));
      expect(efs).toEqual(['elasticfilesystem:ClientMount']);
      const mount = statements(s, e.project).find((st) => [st.Action].flat().includes('elasticfilesystem:ClientMount'))!;
      expect(JSON.stringify(mount.Condition)).toMatch(/SourcesAccessPoint/);
    }
    // The file system grants nothing of its own (CDK's default would grant every principal writes): only roles do.
    const [fileSystem] = resources(s.templates.get('shared')!, 'AWS::EFS::FileSystem');
    const policy = fileSystem.Properties!.FileSystemPolicy as { Statement: { Effect: string }[] };
    expect(policy.Statement.map((st) => st.Effect)).toEqual(['Deny']);
  });

  it('says NFS mode outright, and waits for a write lock less long than the function may run', () => {
    for (const e of entities) {
      const [fn] = eggFunctions(s.templates.get(e.project)!);
      const variables = (fn.Properties!.Environment as { Variables: Record<string, string> }).Variables;
      expect(variables.EGG_FILE_LOG_MODE).toBe('nfs');
      const wait = Number(variables.EGG_FILE_LOG_LOCK_WAIT_MS);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThan((fn.Properties!.Timeout as number) * 1000);
      expect(fn.Properties!.Timeout).toBe(entitySize(dev, e.name).timeoutSeconds);
    }
  });

  it('backs the log file system up daily into a vault that outlives the stage, kept as long as the stage says', () => {
    const shared = s.templates.get('shared')!;
    shared.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: {
        BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 3 * * ? *)', Lifecycle: { DeleteAfterDays: dev.backupRetentionDays } })],
      },
    });
    const [fileSystem] = Object.keys(shared.findResources('AWS::EFS::FileSystem'));
    const [selection] = resources(shared, 'AWS::Backup::BackupSelection');
    expect(JSON.stringify(selection.Properties)).toContain(fileSystem);
    shared.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    shared.hasResource('AWS::EFS::FileSystem', { DeletionPolicy: 'Retain' });
  });
});

describe('file backend on a file system kept from before (-c logFileSystemId=…)', () => {
  const id = 'fs-0123456789abcdef0';
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ logFileSystemId: id });
  });

  it('creates no file system, mounts the given one in every subnet, and backs it up', () => {
    const shared = s.templates.get('shared')!;
    shared.resourceCountIs('AWS::EFS::FileSystem', 0);
    const targets = resources(shared, 'AWS::EFS::MountTarget');
    expect(targets).toHaveLength(dev.maxAzs);
    for (const t of targets) expect(t.Properties!.FileSystemId).toBe(id);
    expect(JSON.stringify(resources(shared, 'AWS::Backup::BackupSelection')[0].Properties)).toContain(`file-system/${id}`);
    for (const e of entities) {
      const root = PROJECTIONS[e.name] ? '/egg-log' : `/egg-log/${e.name}`;
      s.templates.get(e.project)!.hasResourceProperties('AWS::EFS::AccessPoint', { FileSystemId: Match.anyValue(), RootDirectory: { Path: root } });
    }
  });

  it('refuses what is not a file system id', () => {
    expect(() => synth({ logFileSystemId: 'my-log' })).toThrow(/logFileSystemId must be an EFS file system id/);
  });
});

describe('kafka backend (-c backend=kafka)', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth({ backend: 'kafka', kafkaBrokers: BROKERS });
  });
  commonChecks(() => s, [...entities.map((e) => `${e.project}/Entity/Tracing/Resource`), ...throttlePolicies, 'gateway-function/Gateway/Tracing/Resource'].sort());

  it('runs functions outside the VPC (kept idle in the shared stack, the log still backed up) and gives each the ARN of its own secret, readable by it alone', () => {
    const shared = s.templates.get('shared')!;
    shared.resourceCountIs('AWS::Backup::BackupPlan', 1);
    shared.resourceCountIs('AWS::EFS::FileSystem', 1);
    shared.resourceCountIs('AWS::EC2::VPC', 1);
    for (const e of entities) {
      const t = s.templates.get(e.project)!;
      t.resourceCountIs('AWS::EFS::AccessPoint', 0);
      t.hasResourceProperties('AWS::Lambda::Function', {
        FileSystemConfigs: Match.absent(),
        VpcConfig: Match.absent(),
        Environment: {
          Variables: Match.objectLike({
            EGG_STORAGE: 'kafka',
            KAFKA_BROKERS: BROKERS,
            KAFKA_SASL_MECHANISM: 'plain',
            KAFKA_SECRET_ARN: { Ref: Match.stringLikeRegexp('^KafkaSecret') },
          }),
        },
      });
      t.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: `egg/dev/kafka/${e.name}`,
        Description: PROJECTIONS[e.name] ? Match.stringLikeRegexp(`reading \\(READ, DESCRIBE\\) only the topics ${PROJECTIONS[e.name].sources.join(', ')}`) : Match.anyValue(),
      });
      const read = statements(s, e.project).filter((st) => [st.Action].flat().includes('secretsmanager:GetSecretValue'));
      expect(read.map((st) => st.Resource)).toEqual([{ Ref: expect.stringMatching(/^KafkaSecret/) }]);
    }
    expect(actions(s, 'gateway-function').some((a) => a.startsWith('secretsmanager:'))).toBe(false);
  });
});

describe('teardown', () => {
  const policies = (s: Synthesized, type: string) =>
    [...s.templates.values()].flatMap((t) => Object.values(t.findResources(type)).map((r) => r.DeletionPolicy as string));

  it('keeps log groups and Kafka secrets in prod, deletes them in dev; keeps the file system in both', () => {
    const prod = synth({ stage: 'prod', kafkaBrokers: BROKERS });
    expect(policies(prod, 'AWS::Logs::LogGroup').length).toBeGreaterThan(entities.length);
    expect(new Set(policies(prod, 'AWS::Logs::LogGroup'))).toEqual(new Set(['Retain']));
    expect(policies(prod, 'AWS::SecretsManager::Secret')).toEqual(entities.map(() => 'Retain'));
    expect(policies(prod, 'AWS::EFS::FileSystem')).toEqual(['Retain']);
    // Switched to the file backend, prod keeps each secret in its stack (retained, still named).
    const prodOnFile = synth({ stage: 'prod', backend: 'file' });
    expect(policies(prodOnFile, 'AWS::SecretsManager::Secret')).toEqual(entities.map(() => 'Retain'));

    const dev = synth({ backend: 'kafka', kafkaBrokers: BROKERS });
    expect(new Set(policies(dev, 'AWS::Logs::LogGroup'))).toEqual(new Set(['Delete']));
    expect(new Set(policies(dev, 'AWS::SecretsManager::Secret'))).toEqual(new Set(['Delete']));
    expect(policies(dev, 'AWS::EFS::FileSystem')).toEqual(['Retain']);
  });
});

describe('reserved concurrency', () => {
  it('sets aside what the stage names (prod: the gateway and the lay report writer), nothing in dev', () => {
    const concurrency = (s: Synthesized) =>
      Object.fromEntries(
        [...s.templates].flatMap(([id, t]) => eggFunctions(t).map((fn) => [id, fn.Properties!.ReservedConcurrentExecutions])),
      );
    const prod = concurrency(synth({ stage: 'prod', kafkaBrokers: BROKERS }));
    expect(prod['gateway-function']).toBe(200);
    expect(prod['lay-report-function']).toBe(100);
    expect(Object.values(prod).filter((n) => n !== undefined)).toHaveLength(2);
    expect(Object.values(concurrency(synth())).filter((n) => n !== undefined)).toEqual([]);
  });
});

describe('stage configuration', () => {
  it('refuses an unknown stage or backend with a clear message', () => {
    expect(() => synth({ stage: 'qa' })).toThrow(/unknown stage "qa"/);
    expect(() => synth({ backend: 'dynamo' })).toThrow(/backend must be file or kafka/);
    expect(() => synth({ backend: 'kafka' })).toThrow(/stage dev uses the kafka backend and names no brokers: add -c kafkaBrokers=host:port/);
    expect(() => synth({ stage: 'prod' })).toThrow(/stage prod uses the kafka backend and names no brokers: add -c kafkaBrokers=host:port/);
    expect(() => synth({ backend: 'kafka', kafkaBrokers: 'no-port' })).toThrow(/host:port, got "no-port"/);
  });

  it('fails the synth on a cdk-nag finding nobody acknowledged', () => {
    const built = buildEggApp({ workspaceRoot, outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'egg-nag-')), context: TEST_AUTH });
    new Queue(built.shared, 'Unencrypted', { encryption: QueueEncryption.UNENCRYPTED });
    expect(() => built.app.synth()).toThrow(/AwsSolutions-SQS2/);
  });

  it('gives a new entity app its stack with no edit (as the generator makes it)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-workspace-'));
    try {
      for (const folder of ['farm', 'duck-pond']) {
        fs.mkdirSync(path.join(tmp, 'apps', folder, 'src'), { recursive: true });
        fs.writeFileSync(path.join(tmp, 'apps', folder, 'src/declaration.ts'), '');
      }
      for (const folder of ['farm', 'duck-pond', 'gateway']) {
        fs.mkdirSync(path.join(tmp, 'dist/apps', folder), { recursive: true });
        fs.writeFileSync(path.join(tmp, 'dist/apps', folder, 'index.mjs'), `export const handler = async () => ({ statusCode: 200 }); // ${folder}`);
      }
      const s = synth({}, { workspaceRoot: tmp, bundleDir: path.join(tmp, 'dist/apps') });
      expect([...s.templates.keys()]).toEqual(['shared', 'duck-pond-function', 'farm-function', 'gateway-function']);
      const keys = resources(s.templates.get('duck-pond-function')!, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties!.RouteKey);
      expect(keys.slice(0, 4)).toEqual(['ANY /duck_pond/api', 'POST /duck_pond/api', 'OPTIONS /duck_pond/api', 'ANY /duck_pond/api/{id}']);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
