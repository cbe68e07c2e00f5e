// One Lambda instance: loads a bundle's `handler` and runs the events its parent sends over IPC,
// one at a time. Plain JS so each of the many instances starts without a TypeScript loader.
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [bundle, functionName] = process.argv.slice(2);
// No parent, no instance: never outlive the stack.
process.on('disconnect', () => process.exit(0));

const { handler } = await import(pathToFileURL(bundle).href);
if (typeof handler !== 'function') throw new Error(`${bundle} exports no handler`);

const lambdaContext = (requestId) => {
  const deadline = Date.now() + 30_000;
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done() {},
    fail() {},
    succeed() {},
  };
};

process.on('message', async ({ id, event }) => {
  try {
    const result = await handler(event, lambdaContext(event.requestContext?.requestId));
    process.send({ id, result });
  } catch (error) {
    console.error(`[${functionName}] unhandled error:`, error);
    process.send({ id, error: String(error?.message ?? error) });
  }
});
process.send({ ready: true });
