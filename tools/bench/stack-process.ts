/**
 * The local stack in a process of its own, so the router's event loop is not the load
 * generator's: started by the bench with its options as JSON in argv, it answers over IPC
 * with its URL and stops when told (or when the bench goes away).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startLocalStack, type LocalStack, type StackOptions } from '@egg/local-stack/stack';

// The bench reads no readiness report: its stacks start from a clean data dir.
export type BenchStack = Omit<LocalStack, 'notReady'>;

export async function startStackProcess(options: StackOptions): Promise<BenchStack> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url, internalToken } = await new Promise<{ url: string; internalToken: string }>((resolve, reject) => {
    child.once('message', (message: { url?: string; internalToken?: string; error?: string }) =>
      message.url ? resolve({ url: message.url, internalToken: message.internalToken! }) : reject(new Error(`stack did not start: ${message.error}`)),
    );
    child.once('exit', (code) => reject(new Error(`stack process exited (${code}) before it was up`)));
  });
  return {
    url,
    internalToken,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  const options = JSON.parse(process.argv[2]) as StackOptions;
  try {
    const stack = await startLocalStack(options);
    const stop = () => stack.close().then(() => process.exit(0));
    process.on('message', stop);
    process.on('disconnect', stop);
    process.send({ url: stack.url, internalToken: stack.internalToken });
  } catch (error) {
    process.send({ error: (error as Error).message }, () => process.exit(1));
  }
}
