// The Lambda service as the bundles meet it, under Node 24: the Invoke API
// (POST /2015-03-31/functions/<name>/invocations) running each function's bundle in this process.
// The gateway's AWS SDK client is pointed here (AWS_ENDPOINT_URL_LAMBDA), so its subgraph calls
// take the same path as in AWS. GET /calls lists what was invoked, with the caller marker.
import http from 'node:http';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [bundleDir, prefix] = process.argv.slice(2);
const handlers = new Map();
const calls = [];

/** `egg-test-lay-report` or its ARN → the lay-report bundle's handler, loaded on first use as Lambda would. */
function handlerOf(functionName) {
  const folder = functionName.split(':').pop().slice(prefix.length);
  if (!handlers.has(folder)) {
    handlers.set(folder, import(pathToFileURL(path.join(bundleDir, folder, 'index.mjs')).href).then((m) => m.handler));
  }
  return handlers.get(folder);
}

const context = (functionName) => ({
  functionName,
  awsRequestId: randomUUID(),
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 10_000,
});

const readBody = async (req) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/calls') return res.end(JSON.stringify(calls));
  const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '');
  if (!match) return res.writeHead(404).end();
  const functionName = decodeURIComponent(match[1]);
  const event = JSON.parse(await readBody(req));
  calls.push({ functionName, rawPath: event.rawPath, caller: event.requestContext?.authorizer?.lambda?.egg_caller ?? null });
  try {
    const result = await (await handlerOf(functionName))(event, context(functionName));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  } catch (error) {
    res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
    res.end(JSON.stringify({ errorType: 'Error', errorMessage: String(error?.message ?? error) }));
  }
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  process.env.AWS_ENDPOINT_URL_LAMBDA = `http://127.0.0.1:${port}`;
  console.log(JSON.stringify({ port, node: process.version }));
});
process.on('disconnect', () => process.exit(0));
