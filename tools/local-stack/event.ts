/** HTTP request ⇄ API Gateway HTTP API (payload v2) event and result, as API Gateway does it. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, httpApiEvent, JSON_TYPE, type HttpApiEvent } from '@egg/shared-contract';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';

const TEXT_TYPE = /^(text\/|application\/(json|[^;]*\+json|xml|[^;]*\+xml|x-www-form-urlencoded|graphql|javascript))/i;

export function toEvent(req: IncomingMessage, body: Buffer): HttpApiEvent {
  const url = req.url ?? '/';
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === 'cookie') cookies = String(value).split(/;\s*/).filter(Boolean);
    else headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const isText = body.length === 0 || (TEXT_TYPE.test(headers['content-type'] ?? '') && isUtf8(body));
  return httpApiEvent({
    method: req.method ?? 'GET',
    path: new URL(url, 'http://local').pathname,
    query: url.includes('?') ? url.slice(url.indexOf('?') + 1) : '',
    headers,
    cookies,
    ...(body.length > 0 ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !isText,
    sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, ''),
  });
}

function isUtf8(buffer: Buffer): boolean {
  return Buffer.from(buffer.toString('utf8'), 'utf8').equals(buffer);
}

/** A string or object without statusCode is a 200 JSON body, as API Gateway treats it. */
export function writeResult(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result !== 'object' || result === null || !('statusCode' in result) || result.statusCode === undefined) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(typeof result === 'string' ? result : JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(result.statusCode, headers);
  res.end(body);
}

/** An error in the API's one JSON shape (docs/contract.md §6). */
export function writeError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': JSON_TYPE });
  res.end(JSON.stringify(errorBody(message)));
}
