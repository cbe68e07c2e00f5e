/**
 * The GraphQL explorer the gateway serves at `GET /graphql` (docs/contract.md §4): GraphiQL over
 * the page's own origin. Its docs pane comes from introspection through the gateway.
 */
import './workers.ts';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import { EXAMPLE_QUERY, exampleVariables } from './example.ts';

type Fetcher = NonNullable<Parameters<typeof GraphiQL>[0]['fetcher']>;

// The endpoint is where this page came from: the same gateway, whatever host or stage it is on.
const endpoint = `${location.origin}${location.pathname}`;

const fetcher: Fetcher = async (params, options) => {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...options?.headers },
    body: JSON.stringify(params),
  });
  return response.json();
};

const container = document.getElementById('explorer');
if (container === null) throw new Error('the page has no #explorer element (apps/gateway/src/explorer.ts writes it)');

// A first visit opens the example with its instant filled in (GraphiQL takes a tab's variables only
// this way); later visits get back the tabs GraphiQL saved, and each new tab starts from the example.
const FIRST_VISIT_KEY = 'egg-explorer:example-shown';
const firstVisit = localStorage.getItem(FIRST_VISIT_KEY) === null;
localStorage.setItem(FIRST_VISIT_KEY, 'yes');
const example = firstVisit ? { initialQuery: EXAMPLE_QUERY, initialVariables: exampleVariables(Date.now()) } : {};

createRoot(container).render(
  <GraphiQL
    fetcher={fetcher}
    defaultQuery={EXAMPLE_QUERY}
    {...example}
    defaultEditorToolsVisibility="variables"
    // With auth on, a user pastes {"Authorization": "Bearer <token>"} into the Headers tab; GraphiQL keeps
    // headers out of localStorage unless asked (shouldPersistHeaders), so a token does not outlive the tab.
    isHeadersEditorEnabled
  />,
);
