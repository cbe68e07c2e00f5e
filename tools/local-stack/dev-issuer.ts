/**
 * `EGG_AUTH=dev`: the local stack's own token issuer. Its key pair lives in
 * `<DATA_DIR>/dev-issuer.json` (kept across restarts, so tokens outlive a restart; owner-only),
 * its discovery document and JWKS are served by the stack's router under `/dev-issuer`, and
 * every function is pointed at it. `npm run token` (token.ts) signs with the same key.
 */
import path from 'node:path';
import { AUTH_ENV } from '@egg/shared-auth';
import { DEV_AUDIENCE, issuerDocument, jwksOf, loadOrCreateKey, saveIssuerFile, type SigningKey } from '@egg/shared-auth/dev-issuer';
import { errorResult, JSON_TYPE } from '@egg/shared-contract';
import type { Invoke } from './router.ts';

/** The router's target name, and so the issuer's path on the stack. */
export const DEV_ISSUER_TARGET = 'dev-issuer';

export const devIssuerFile = (dataDir: string): string => path.join(dataDir, 'dev-issuer.json');

export interface DevIssuer {
  key: SigningKey;
  /** The issuer's URL once the stack's URL is known. */
  issuerAt(stackUrl: string): string;
  /** What the functions need to trust it (EGG_AUTH_*). */
  env(stackUrl: string): Record<string, string>;
  /** Serves the discovery document and the JWKS under the stack's `/dev-issuer`. */
  target(stackUrl: string): Invoke;
  /** Writes what `npm run token` reads. */
  save(stackUrl: string): void;
}

export async function createDevIssuer(dataDir: string): Promise<DevIssuer> {
  const file = devIssuerFile(dataDir);
  const key = await loadOrCreateKey(file);
  const issuerAt = (stackUrl: string) => `${stackUrl}/${DEV_ISSUER_TARGET}`;
  return {
    key,
    issuerAt,
    env: (stackUrl) => ({ [AUTH_ENV.issuer]: issuerAt(stackUrl), [AUTH_ENV.audience]: DEV_AUDIENCE }),
    target: (stackUrl) => async (event) => {
      const body = issuerDocument(issuerAt(stackUrl), jwksOf(key), event.rawPath);
      if (body === undefined) return errorResult(404, `no route for ${event.rawPath}`);
      return { statusCode: 200, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) };
    },
    save: (stackUrl) => saveIssuerFile(file, { issuer: issuerAt(stackUrl), audience: DEV_AUDIENCE, key }),
  };
}

/** `EGG_AUTH`: `dev` runs the issuer above; unset or `off` leaves auth to `EGG_AUTH_*` (off without an issuer). */
export function devAuthRequested(env: NodeJS.ProcessEnv): boolean {
  const mode = env.EGG_AUTH?.trim() ?? '';
  if (mode === '' || mode === 'off') return false;
  if (mode !== 'dev') throw new Error(`EGG_AUTH must be "dev" or unset, got "${mode}"`);
  if (env[AUTH_ENV.issuer]) throw new Error(`EGG_AUTH=dev runs its own issuer: unset ${AUTH_ENV.issuer} (or unset EGG_AUTH to use that issuer)`);
  return true;
}
