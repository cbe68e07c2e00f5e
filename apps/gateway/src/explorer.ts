/**
 * `GET /graphql` from a browser: the page of the GraphQL explorer (docs/contract.md §4). The page is
 * a few hundred bytes; GraphiQL itself is a separate static asset (apps/explorer, built by
 * tools/bundle/explorer.ts) at `assetsUrl`, so it adds nothing to this function's bundle.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface ExplorerConfig {
  /** Where explorer.js and explorer.css are served: a path on this host or a full URL. */
  assetsUrl: string;
}

const escapeAttribute = (value: string): string =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

export function explorerHtml({ assetsUrl }: ExplorerConfig): string {
  const base = escapeAttribute(assetsUrl.replace(/\/+$/, ''));
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Egg economy · GraphQL explorer</title>',
    '<link rel="icon" href="data:,">',
    `<link rel="stylesheet" href="${base}/explorer.css">`,
    '<style>html, body, #explorer { height: 100%; margin: 0; }</style>',
    '</head>',
    '<body>',
    '<div id="explorer"></div>',
    `<script type="module" src="${base}/explorer.js"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/** The page for a browser's `GET /graphql` when the explorer is on; undefined for anything else. */
export function explorerResponse(
  event: APIGatewayProxyEventV2,
  explorer: ExplorerConfig | undefined,
): APIGatewayProxyStructuredResultV2 | undefined {
  // The edge (@egg/shared-edge) answers HEAD with this GET's headers.
  if (explorer === undefined || event.requestContext.http.method !== 'GET') return undefined;
  const accept = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'accept')?.[1] ?? '';
  if (!accept.includes('text/html')) return undefined;
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', vary: 'accept' },
    body: explorerHtml(explorer),
  };
}
