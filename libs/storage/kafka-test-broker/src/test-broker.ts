/**
 * The test broker: librdkafka's mock cluster (the real Kafka wire protocol, in memory) in a
 * child process of ours, steered over its stdin. It proves our use of the protocol and our
 * failure handling, not Kafka's durability. It has no CreateTopics and no idempotent
 * producer: topics are created here, and clients set KAFKA_IDEMPOTENT=false.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mockBrokerBinary } from './compile.ts';

/** Kafka protocol API keys, for injecting errors into one kind of request. */
export const ApiKey = { Produce: 0, Fetch: 1, ListOffsets: 2, Metadata: 3, OffsetCommit: 8, OffsetFetch: 9, FindCoordinator: 10 } as const;

export interface TestBrokerOptions {
  /** Brokers in the cluster; default 1. */
  brokers?: number;
  /** Topics to create at start, name → partitions. */
  topics?: Record<string, number>;
}

const ALREADY_EXISTS = /already exists/i;

export class TestBroker {
  private readonly replies: { resolve(line: string): void; reject(error: Error): void }[] = [];
  private exited = false;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    /** `host:port,…` for KAFKA_BROKERS. */
    readonly bootstrap: string,
  ) {
    child.once('exit', () => {
      this.exited = true;
      for (const r of this.replies.splice(0)) r.reject(new Error('the test broker exited'));
    });
  }

  static async start(options: TestBrokerOptions = {}): Promise<TestBroker> {
    const args = ['--brokers', String(options.brokers ?? 1), ...Object.entries(options.topics ?? {}).map(([t, n]) => `${t}:${n}`)];
    const child = spawn(mockBrokerBinary(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    const started: { broker?: TestBroker } = {};
    const bootstrap = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the test broker exited (${code}): ${stderr}`)));
      lines.on('line', (line) => {
        if (started.broker) return started.broker.replies.shift()?.resolve(line);
        const match = /^bootstrap (\S+)$/.exec(line);
        if (match) resolve(match[1]);
        else reject(new Error(`the test broker did not start: ${line} ${stderr}`));
      });
    });
    started.broker = new TestBroker(child, bootstrap);
    return started.broker;
  }

  private command(line: string): Promise<void> {
    if (this.exited) return Promise.reject(new Error('the test broker has exited'));
    return new Promise<string>((resolve, reject) => {
      this.replies.push({ resolve, reject });
      this.child.stdin.write(`${line}\n`);
    }).then((reply) => {
      if (reply !== 'ok') throw new Error(`test broker: ${line}: ${reply}`);
    });
  }

  /** Creates a topic; an existing one keeps its partitions. */
  async createTopic(topic: string, partitions: number): Promise<void> {
    await this.command(`topic ${topic} ${partitions}`).catch((error: Error) => {
      if (!ALREADY_EXISTS.test(error.message)) throw error;
    });
  }

  /**
   * Answers metadata for the topic as Kafka answers for a topic that does not exist. The mock
   * creates every topic it is asked about, so this is how a missing topic is modelled.
   */
  hideTopic(topic: string): Promise<void> {
    return this.command(`missing ${topic}`);
  }

  /** Closes the broker's connections and refuses new ones (-1: every broker). */
  down(broker = -1): Promise<void> {
    return this.command(`down ${broker}`);
  }

  up(broker = -1): Promise<void> {
    return this.command(`up ${broker}`);
  }

  /** Delays every answer by `ms`: a model of a remote cluster. */
  rtt(ms: number, broker = -1): Promise<void> {
    return this.command(`rtt ${broker} ${ms}`);
  }

  /** The next `count` requests of that API fail with a Kafka error code. */
  failRequests(apiKey: number, errorCode: number, count = 1): Promise<void> {
    return this.command(`error ${apiKey} ${errorCode} ${count}`);
  }

  /** The next request of that API is served, but its answer is held back `ms`. */
  delayNextAnswer(apiKey: number, ms: number, broker = 1): Promise<void> {
    return this.command(`delay ${broker} ${apiKey} ${ms}`);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }
}
