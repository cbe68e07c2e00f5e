import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { serveAssets } from './assets.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assets-'));
fs.writeFileSync(path.join(dir, 'explorer.js'), 'console.log("é")');
fs.writeFileSync(path.join(dir, 'font-1.ttf'), Buffer.from([0, 1, 255]));
fs.writeFileSync(path.join(dir, 'secret.json'), '{}');
const serve = serveAssets('explorer', dir, 'build it');
const get = async (rawPath: string) => (await serve({ rawPath } as APIGatewayProxyEventV2)) as APIGatewayProxyStructuredResultV2;

describe('serveAssets', () => {
  it('serves text as text and fonts as base64, with their types', async () => {
    const js = await get('/explorer/explorer.js');
    expect([js.statusCode, js.headers?.['content-type'], js.body, js.isBase64Encoded]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log("é")', false]);
    const font = await get('/explorer/font-1.ttf');
    expect([font.headers?.['content-type'], Buffer.from(font.body!, 'base64')]).toEqual(['font/ttf', Buffer.from([0, 1, 255])]);
  });

  it('answers 404 JSON for anything but a known file type directly in the folder', async () => {
    for (const rawPath of ['/explorer/secret.json', '/explorer/../assets.ts', '/explorer/sub/x.js', '/explorer/missing.js', '/explorer']) {
      const result = await get(rawPath);
      expect(result.statusCode, rawPath).toBe(404);
      expect(JSON.parse(result.body!).error).toMatch(/^no asset/);
    }
    const unbuilt = serveAssets('explorer', path.join(dir, 'nope'), 'build it');
    expect(JSON.parse(((await unbuilt({ rawPath: '/explorer/explorer.js' } as APIGatewayProxyEventV2)) as APIGatewayProxyStructuredResultV2).body!).error).toMatch(/build it$/);
  });
});
