/**
 * `npm run token -- --sub alice --groups team-a --scope "egg:read egg:write" [--expires-in 3600]`:
 * prints a token from the local stack's dev issuer (`EGG_AUTH=dev npm start`, same DATA_DIR).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signToken, type DevIssuerFile } from '@egg/shared-auth/dev-issuer';
import { devIssuerFile } from './dev-issuer.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function tokenFromArgs(args: string[], dataDir: string): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      sub: { type: 'string' },
      groups: { type: 'string', default: '' },
      scope: { type: 'string', default: 'egg:read egg:write' },
      'expires-in': { type: 'string', default: '3600' },
    },
  });
  if (!values.sub) throw new Error('--sub is required: the subject the token names (e.g. --sub alice)');
  const expiresIn = Number(values['expires-in']);
  if (!Number.isInteger(expiresIn) || expiresIn < 1) throw new Error(`--expires-in must be a positive integer (seconds), got "${values['expires-in']}"`);
  const file = devIssuerFile(dataDir);
  if (!fs.existsSync(file)) throw new Error(`no dev issuer in ${dataDir}: start the stack with EGG_AUTH=dev npm start (same DATA_DIR) first`);
  const { issuer, audience, key } = JSON.parse(fs.readFileSync(file, 'utf8')) as DevIssuerFile;
  const groups = values.groups.split(/[\s,]+/).filter((g) => g !== '');
  return signToken(key, { sub: values.sub, groups, scope: values.scope }, { issuer, audience, expiresIn });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  tokenFromArgs(process.argv.slice(2), path.resolve(process.env.DATA_DIR || path.join(root, 'data'))).then(
    (token) => console.log(token),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
