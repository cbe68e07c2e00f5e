/**
 * What auth costs a function: a warm request's token verification (the farm function answering
 * `GET /farm/api/<id>` with auth on and with auth off, two instances sampled alternately in one
 * run) and a cold start's (spawn to the first answered authenticated event, which fetches the
 * issuer's JWKS, beside the same without auth, in alternating rounds). The issuer is a real one on
 * 127.0.0.1 (RS256, its JWKS over HTTP), as `npm start` runs with EGG_AUTH_ISSUER set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { httpApiEvent } from '@egg/shared-contract';
import { createSigningKey, jwksOf, signToken, startIssuerServer } from '@egg/shared-auth/dev-issuer';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { FunctionPool } from '@egg/local-stack/pool';
import { invoke, startInstance } from './startup.ts';
import { alternate, median, summarize } from './stats.ts';

export interface AuthCost {
  warm: { samples: number; onP50Ms: number; offP50Ms: number };
  cold: { rounds: number; onMs: number; offMs: number };
}

const FARM = { name: 'Bench Acres', farm_type: 'homestead', zone: 'bench' };

export async function authCost({ samples, rounds }: { samples: number; rounds: number }): Promise<AuthCost> {
  const key = await createSigningKey();
  const issuer = await startIssuerServer(jwksOf(key));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-bench-auth-'));
  const token = await signToken(key, { sub: 'bench', scope: 'egg:read egg:write' }, { issuer: issuer.issuer, audience: 'egg-bench' });
  const base = { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true', NODE_OPTIONS: '', EGG_STORAGE: 'file', DATA_DIR: dataDir };
  const envOn = { ...base, EGG_AUTH_ISSUER: issuer.issuer, EGG_AUTH_AUDIENCE: 'egg-bench', EGG_AUTH_JWKS_URL: issuer.jwksUrl };
  const envOff = { ...base, EGG_AUTH_ISSUER: '', EGG_AUTH_AUDIENCE: '', EGG_AUTH_JWKS_URL: '' };
  const request = (method: string, url: string, auth: boolean, body?: unknown): APIGatewayProxyEventV2 =>
    httpApiEvent({
      method,
      path: url,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const expect200 = (what: string, result: { statusCode?: number; body?: string }) => {
    if (result.statusCode !== 200 && result.statusCode !== 201) throw new Error(`${what} answered ${result.statusCode}: ${result.body}`);
    return result;
  };
  try {
    const [on, off] = await Promise.all([startInstance('farm', envOn), startInstance('farm', envOff)]);
    let warm: AuthCost['warm'];
    try {
      const created = JSON.parse(expect200('create', await invoke(on, request('POST', '/farm/api', true, FARM))).body!) as { id: string };
      const read = (instance: FunctionPool, auth: boolean) => async () => {
        expect200('read', await invoke(instance, request('GET', `/farm/api/${created.id}`, auth)));
      };
      const ms = await alternate({ on: read(on, true), off: read(off, false) }, { warmup: Math.min(500, samples), rounds: samples });
      warm = { samples, onP50Ms: summarize(ms.on).p50, offP50Ms: summarize(ms.off).p50 };
    } finally {
      await Promise.all([on.close(), off.close()]);
    }
    const cold = { on: [] as number[], off: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      for (const auth of round % 2 === 0 ? [true, false] : [false, true]) {
        const started = performance.now();
        const instance = await startInstance('farm', auth ? envOn : envOff);
        try {
          expect200('first read', await invoke(instance, request('GET', '/farm/api', auth)));
          (auth ? cold.on : cold.off).push(performance.now() - started);
        } finally {
          await instance.close();
        }
      }
    }
    return { warm, cold: { rounds, onMs: median(cold.on), offMs: median(cold.off) } };
  } finally {
    await issuer.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
