// End to end: market resilience on the shipped example. A commissioner proposes lots, reads the
// market the plan would leave (providers, largest share, concentration), runs the
// provider-failure stress test, reads which provider's failure would strand most, and finds
// the concentration row in the scenario comparison. Axe-clean; nothing requested from the
// network. Serves the build in E2E_DIST (default dist/). Screenshots: e2e/screenshots/resilience-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAccessible, collectProblems, launch } from './browser.mjs';
import { serveDir } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const screenshots = join(here, 'screenshots');

describe('if a provider fails', () => {
  let server;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    const dist = resolve(join(here, '..'), process.env.E2E_DIST ?? 'dist');
    server = process.env.E2E_BASE_URL ? { url: process.env.E2E_BASE_URL, requests: [] } : await serveDir(dist);
    mkdirSync(screenshots, { recursive: true });
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    collectProblems(page, problems);
    await page.goto(server.url, { waitUntil: 'load' });
    await page.locator('#segment-count').waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.close?.();
  });

  test('the plan shows the market it would leave', async () => {
    await page.click('#tab-plan');
    await page.click('#solve');
    await page.waitForFunction(() => /Proven best/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 60_000 });
    const market = page.locator('#plan-market');
    await market.scrollIntoViewIfNeeded();
    const text = await market.innerText();
    assert.match(text, /Providers awarded/);
    assert.match(text, /Concentration \(HHI\)\s*\d+/);
    assert.match(text, /Largest provider's share\s*\d+%/);
  });

  test('each provider fails in turn and the worst case is named', async () => {
    await page.locator('#stress-run').scrollIntoViewIfNeeded();
    // By keyboard: focus the button and press Enter.
    await page.locator('#stress-run').focus();
    await page.keyboard.press('Enter');
    const summary = page.locator('#stress-summary');
    await summary.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'stress-summary', 'focus moves to the result');
    const said = await summary.textContent();
    assert.match(said, /^(The worst case: if .+ fails|No single provider's failure strands a lot)/);
    const rows = await page.locator('#stress-table tbody tr').count();
    const awarded = await page.$$eval('#lots-table tbody tr', (trs) => trs.length);
    assert.ok(rows >= 1 && rows <= awarded, `one row per provider with a lot (${rows})`);
    const first = (await page.locator('#stress-table tbody tr:first-child th').textContent()).trim();
    assert.ok(first.length > 0);
    assert.match(await page.locator('#stress-chart').getAttribute('aria-label'), new RegExp(first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await page.locator('#plan-stress').screenshot({ path: join(screenshots, 'resilience-stress.png') });
    await assertAccessible(page, 'stress test');
  });

  test('the comparison shows concentration beside the other figures', async () => {
    await page.click('#tab-scenarios');
    const table = page.locator('#compare-table');
    await table.waitFor();
    assert.match(await table.textContent(), /Concentration of awarded value \(HHI/);
    await assertAccessible(page, 'compare with concentration');
  });

  test('nothing was requested from the network and no page error', () => {
    assert.deepEqual(problems, []);
    const late = (server.requests ?? []).filter((r) => !/\.(js|wasm|css|html)$|^\/$/.test(r.path));
    assert.deepEqual(late, [], 'only the app itself was fetched');
  });
});
