/**
 * The local stack in a process of its own, so the router's event loop is not the load
 * generator's: started by the bench with its options as JSON in argv, it answers over IPC
 * with its URL and stops when told (or when the bench goes away).
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startLocalStack, type LocalStack, type StackOptions } from '@egg/local-stack/stack';

type Ready = Omit<LocalStack, 'close'>;

export async function startStackProcess(options: StackOptions): Promise<LocalStack> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message: Ready | { error: string }) =>
      'error' in message ? reject(new Error(`stack did not start: ${message.error}`)) : resolve(message),
    );
    child.once('exit', (code) => reject(new Error(`stack process exited (${code}) before it was up`)));
  });
  return {
    ...ready,
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
    process.send({ url: stack.url, internalToken: stack.internalToken, notReady: stack.notReady } satisfies Ready);
  } catch (error) {
    process.send({ error: (error as Error).message }, () => process.exit(1));
  }
}
