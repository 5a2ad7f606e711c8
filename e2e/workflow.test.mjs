// End to end, as a new user: open the app on the shipped scenario, change a split and a rule,
// add a supplier, solve, read the lots, make the rules impossible and read the diagnosis.
// Screenshots go to e2e/screenshots/; every step is checked by axe-core; and once the page has
// loaded (the solve worker included) it must make no network request at all.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAccessible, collectProblems, launch } from './browser.mjs';
import { serveDir } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const screenshots = join(here, 'screenshots');

describe('a commissioner plans lots from scratch', () => {
  let server;
  let browser;
  let page;
  let requests;
  let problems;
  let settled;

  before(async () => {
    server = process.env.E2E_BASE_URL ? { url: process.env.E2E_BASE_URL } : await serveDir(join(here, '..', 'dist'));
    mkdirSync(screenshots, { recursive: true });
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    requests = [];
    problems = [];
    page.on('request', (r) => requests.push(r.url()));
    collectProblems(page, problems);
    const t0 = Date.now();
    await page.goto(server.url, { waitUntil: 'load' });
    await page.locator('#segment-count').waitFor({ timeout: 30_000 });
    console.log(`first render: ${Date.now() - t0} ms`);
    // The solve worker fetches its own wasm after the page has loaded; wait for it to say so.
    await page.locator('html[data-solver="ready"]').waitFor({ state: 'attached', timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    settled = requests.length;
  });

  after(async () => {
    await browser?.close();
    await server?.close?.();
  });

  /** Types into a field and leaves it, as a person would (fields apply on change). */
  async function enter(selector, value) {
    const field = page.locator(selector);
    await field.fill(String(value));
    await field.press('Tab');
  }

  async function axe(step) {
    await assertAccessible(page, step);
  }

  async function shot(name) {
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  }

  async function openTab(id) {
    await page.click(`#tab-${id}`);
    assert.equal(await page.locator(`#tab-${id}`).getAttribute('aria-current'), 'step');
  }

  async function solveAndWait() {
    await openTab('plan');
    const t0 = Date.now();
    await page.click('#solve');
    await page.waitForFunction(() => {
      const s = document.querySelector('#plan-status')?.textContent ?? '';
      return !/Solving/.test(s) && s.trim().length > 0 && !document.querySelector('#cancel-solve');
    }, null, { timeout: 30_000 });
    return Date.now() - t0;
  }

  test('opens on the shipped scenario, ready to solve', async () => {
    assert.match(await page.locator('#orientation').textContent(), /never leaves this browser/);
    assert.match(await page.locator('#segment-count').textContent(), /\d+ segments/);
    await shot('1-service');
    await axe('service');
  });

  test('changing the split changes the segments', async () => {
    const before = await page.locator('#segment-count').textContent();
    await page.check('#split-tier');
    const withTiers = await page.locator('#segment-count').textContent();
    assert.notEqual(withTiers, before, 'ticking tier of need changes the segment count');
    await shot('2-split-by-tier');
    await page.uncheck('#split-tier');
    assert.equal(await page.locator('#segment-count').textContent(), before);
  });

  test('a rule can be changed, with its help text', async () => {
    await openTab('rules');
    await enter('#rule-m', 4);
    assert.equal(await page.locator('#rule-m').inputValue(), '4');
    await shot('3-rules');
    await axe('rules');
  });

  test('a new supplier can be added to the register', async () => {
    await openTab('suppliers');
    const rows = await page.locator('#supplier-table tbody tr').count();
    await page.click('#add-supplier');
    await enter('#supplier-name', 'Hillside Family Partnership');
    await enter('#supplier-revenue', '£18m');
    await enter('#supplier-equity', '£3.5m');
    await page.click('#supplier-areas-all');
    await page.click('#supplier-localities-all');
    await shot('4-supplier-form');
    await page.click('#supplier-save');
    await page.locator('#supplier-table').waitFor();
    assert.equal(await page.locator('#supplier-table tbody tr').count(), rows + 1);
    assert.match(await page.locator('#supplier-table').textContent(), /Hillside Family Partnership/);
    await axe('suppliers');
  });

  test('the solver proposes lots and says they are proven best', async () => {
    const ms = await solveAndWait();
    console.log(`solve of the default scenario in the browser (click to answer): ${ms} ms`);
    const status = await page.locator('#plan-status').textContent();
    assert.match(status, /Proven best/, status);
    const lots = await page.locator('#lots-table tbody tr').count();
    assert.ok(lots > 0, 'the lots table lists the lots');
    assert.match(status, new RegExp(`${lots} lots`), `status names the ${lots} lots: ${status}`);
    await shot('5-lots');
    await axe('plan');
  });

  test('impossible rules get a plain diagnosis linked to the thing to change', async () => {
    await openTab('rules');
    await enter('#rule-k', 15);
    await solveAndWait();
    assert.match(await page.locator('#plan-status').textContent(), /No plan/);
    const diagnosis = page.locator('#plan-diagnosis');
    await diagnosis.waitFor();
    const text = await diagnosis.textContent();
    assert.match(text, /credible bidders/, text);
    assert.match(text, /k = 15/, text);
    await shot('6-diagnosis');
    await axe('diagnosis');
    // The fix link takes the user to the rules.
    await page.locator('#plan-diagnosis a, #plan-diagnosis button').first().click();
    assert.equal(await page.locator('#tab-rules').getAttribute('aria-current'), 'step');
  });

  test('made no network request after loading and logged no errors', async () => {
    const late = requests.slice(settled);
    assert.deepEqual(late, [], `requests after the page loaded: ${late.join(', ')}`);
    assert.deepEqual(problems, []);
  });
});
