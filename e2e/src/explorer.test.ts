/**
 * The GraphQL explorer in a real headless Chromium (Debian's, driven by puppeteer-core): the page
 * at GET /graphql loads only from the stack itself, shows the supergraph's docs, and runs its
 * example query. Its own stack and data dir, on the file log in both of the suite's passes (the
 * explorer knows no backend, and a shared Kafka broker holds the suite's farms), so the example's
 * farms are exactly the ones seeded here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStack, type RunningStack } from './stack.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/explorer.png');
// Fixed ids and a fixed instant for the example (2100-01-01, after any seeding), so the committed
// screenshot comes out the same on every run and a test run leaves the tree clean.
const IDS = {
  farm: '00000000-0000-4000-8000-00000000f001',
  coop: '00000000-0000-4000-8000-00000000c001',
  hen: '00000000-0000-4000-8000-00000000e001',
};
const SHOWN_INSTANT = 4_102_444_800_000;

let stack: RunningStack;
let dataDir: string;
let browser: Browser;
let page: Page;
const requested: string[] = [];

async function create(entity: keyof typeof IDS, payload: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${stack.baseUrl}/${entity}/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: IDS[entity], ...payload }),
  });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.id;
}

/** Monaco draws text with non-breaking spaces; the visible text of one pane, as plain text. */
const paneText = (selector: string): Promise<string> =>
  page.$eval(selector, (el) => (el as unknown as { innerText: string }).innerText.replaceAll('\u00a0', ' '));

/** Waits until an element under `scope` shows `text` (puppeteer's text selector). */
const waitForText = (scope: string, text: string) => page.waitForSelector(`${scope} ::-p-text(${text})`);

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'egg-explorer-'));
  // The suite's global setup has just built every bundle and the explorer.
  stack = await startStack({ dataDir, instances: 1, env: { SKIP_BUILD: '1', EGG_STORAGE: 'file' } });
  const farm = await create('farm', { name: 'Explorer Acres', farm_type: 'homestead', zone: 'east' });
  const coop = await create('coop', { name: 'Coop Seen', farm_id: farm, capacity: 6, coop_type: 'barn' });
  await create('hen', { name: 'Henrietta', coop_id: coop, breed: 'Leghorn', status: 'active' });
  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in CI cannot use Chromium's sandbox; the page is our own.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    defaultViewport: { width: 1680, height: 900 },
  });
  page = await browser.newPage();
  page.on('request', (request) => requested.push(request.url()));
  // The page's clock reads SHOWN_INSTANT while its scripts load (module scripts run before
  // DOMContentLoaded), which is when the explorer fills in the example's `at`; then the real clock.
  await page.evaluateOnNewDocument((instant: number) => {
    const realNow = Date.now;
    Date.now = () => instant;
    (globalThis as unknown as EventTarget).addEventListener('DOMContentLoaded', () => (Date.now = realNow));
  }, SHOWN_INSTANT);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the GraphQL explorer at GET /graphql', () => {
  it('loads GraphiQL from the stack alone, with the example query ready', async () => {
    const response = await page.goto(`${stack.baseUrl}/graphql`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    await page.waitForSelector('.graphiql-execute-button');
    await waitForText('.graphiql-query-editor', 'FarmsWithCoopsAndHens');
    expect(await paneText('.graphiql-editor-tool')).toContain(`"at": ${SHOWN_INSTANT}`);
  });

  it('shows the supergraph in the docs pane', async () => {
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.waitForSelector('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name');
    await page.click('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name');
    await waitForText('.graphiql-doc-explorer', 'farmsByZone');
    const docs = await paneText('.graphiql-doc-explorer');
    for (const field of ['farms', 'coops', 'hens', 'layReports']) expect(docs).toContain(field);
  });

  it('runs the example query and shows the farm with its coop and hen', async () => {
    await page.click('.graphiql-execute-button');
    await waitForText('.graphiql-response', 'Henrietta');
    const result = await paneText('.graphiql-response');
    expect(result).toContain('"name": "Explorer Acres"');
    expect(result).toContain('"name": "Coop Seen"');
    expect(result).toContain('"name": "Henrietta"');
    expect(result).not.toContain('"errors"');
    // No hover tooltip, two frames drawn since, and without the sidebar's buttons (their edges
    // render a pixel differently from run to run): the same picture every run.
    await page.mouse.move(1660, 880);
    await page.waitForSelector('[role="tooltip"]', { hidden: true });
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
    await page.screenshot({ path: SCREENSHOT, clip: { x: 60, y: 0, width: 1620, height: 900 } });
  });

  it('left one compact line per request in the stack output, by default', async () => {
    const line = (method: string, path: string, fn: string) => new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ${method} ${path} 200 \\d+ms ${fn}$`, 'm');
    await vi.waitFor(() => {
      expect(stack.output()).toMatch(/^\d\d:\d\d:\d\d\.\d{3} POST \/hen\/api 201 \d+ms hen$/m);
      expect(stack.output()).toMatch(line('GET', '/graphql', 'gateway'));
      expect(stack.output()).toMatch(line('POST', '/graphql', 'gateway'));
      expect(stack.output()).toMatch(line('POST', '/hen/graph', 'hen'));
    });
    expect(stack.output()).not.toMatch(/^\{"level"/m);
  });

  it('asked for nothing outside the stack (no CDN)', () => {
    expect(requested.length).toBeGreaterThan(3);
    const elsewhere = requested.filter((url) => !url.startsWith(`${stack.baseUrl}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
    expect(elsewhere).toEqual([]);
  });
});
