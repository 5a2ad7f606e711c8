// End-to-end tests of the release build in dist/ (scripts/test builds it first):
// headless Debian Chromium driven by playwright-core, axe-core for accessibility, and a check
// that the app makes no network requests once it has loaded. Run: node --test e2e/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWN_WARNINGS, launch, runAxe } from './browser.mjs';
import { serveDir } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const screenshots = join(here, 'screenshots');

const PRODUCT = 'Lotwise';
const ORIENTATION =
  'Plan tender lots that the market can prudently bid for. Your data never leaves this browser.';

describe('Lotwise web app (release build)', () => {
  let server;
  let browser;
  let baseUrl;

  before(async () => {
    if (process.env.E2E_BASE_URL) {
      baseUrl = process.env.E2E_BASE_URL;
    } else {
      assert.ok(
        existsSync(join(dist, 'index.html')),
        'dist/index.html is missing: run `trunk build --release` first (scripts/test does)',
      );
      server = await serveDir(dist);
      baseUrl = server.url;
    }
    mkdirSync(screenshots, { recursive: true });
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens the app in a new page, recording requests and console errors; waits for the h1. */
  async function openApp(viewport = { width: 1280, height: 800 }) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const requests = [];
    const problems = [];
    page.on('request', (r) => requests.push({ url: r.url(), at: Date.now() }));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'warning') return;
      if (KNOWN_WARNINGS.some((re) => re.test(m.text()))) return;
      problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(baseUrl, { waitUntil: 'load' });
    await page.getByRole('heading', { level: 1, name: PRODUCT }).waitFor({ timeout: 30_000 });
    // The solve worker fetches its own wasm after the page has loaded; wait for it to say so.
    await page.locator('html[data-solver="ready"]').waitFor({ state: 'attached', timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    return { context, page, requests, problems };
  }

  test('shows the heading, orientation and landmarks; makes no requests after load', async () => {
    const { context, page, requests, problems } = await openApp();
    try {
      assert.equal(await page.title(), 'Lotwise – procurement segmentation planner');
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal((await page.locator('h1').textContent()).trim(), PRODUCT);
      assert.equal((await page.locator('#orientation').textContent()).trim(), ORIENTATION);
      assert.equal(await page.getByRole('main').count(), 1, 'one main landmark');
      assert.equal(await page.getByRole('banner').count(), 1, 'one banner landmark');
      assert.equal(await page.getByRole('contentinfo').count(), 1, 'one contentinfo landmark');

      await page.screenshot({ path: join(screenshots, 'app.png'), fullPage: true });

      // Settled: nothing more may be requested, whether by the app or by the browser.
      const settledCount = requests.length;
      await page.waitForTimeout(1500);
      const late = requests.slice(settledCount).map((r) => r.url);
      assert.deepEqual(late, [], `requests after the page settled: ${late.join(', ')}`);

      // Everything it loaded came from its own origin (data: URLs aside).
      const origin = new URL(baseUrl).origin;
      const foreign = requests
        .map((r) => r.url)
        .filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
      assert.deepEqual(foreign, [], `requests to other origins: ${foreign.join(', ')}`);
      const kinds = new Set(requests.map((r) => r.url.split('?')[0].split('.').pop()));
      assert.ok(kinds.has('wasm') && kinds.has('js'), `loaded the .js and .wasm: ${[...kinds]}`);

      assert.deepEqual(problems, [], 'no console errors, warnings or failed requests');
    } finally {
      await context.close();
    }
  });

  test('has no serious or critical axe-core violations', async () => {
    const { context, page } = await openApp();
    try {
      const results = await runAxe(page);
      const summary = (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`;
      for (const v of results.violations) console.log(`axe: ${summary(v)}`);
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad.map(summary), [], 'serious or critical accessibility violations');
      assert.ok(results.passes.length > 0, 'axe ran its rules');
    } finally {
      await context.close();
    }
  });

  test('the skip link is the first tab stop, is visible when focused and moves focus to main', async () => {
    const { context, page } = await openApp();
    try {
      await page.keyboard.press('Tab');
      const skip = page.locator('a.skip-link');
      assert.equal(await skip.evaluate((el) => el === document.activeElement), true, 'skip link focused');
      const box = await skip.boundingBox();
      assert.ok(box && box.x >= 0 && box.y >= 0 && box.width > 0, `skip link on screen when focused: ${JSON.stringify(box)}`);
      const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
      assert.notEqual(outline, 'none', 'visible focus outline');
      await page.screenshot({ path: join(screenshots, 'skip-link-focused.png') });
      await page.keyboard.press('Enter');
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert.equal(focused, 'main-content', 'focus moved to main');
    } finally {
      await context.close();
    }
  });

  test('fits a small screen (320px) without horizontal scrolling', async () => {
    const { context, page } = await openApp({ width: 320, height: 640 });
    try {
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at 320px`);
      await page.screenshot({ path: join(screenshots, 'app-320px.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
