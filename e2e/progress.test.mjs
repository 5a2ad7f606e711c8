// End to end: a solve slow enough to watch (the shipped scenario split by tier of need and
// function as well, service areas allowed to mix: about a thousand segments). The plan panel
// shows the solver's best plan so far while it works, then the proven answer; and "Stop and
// keep this plan" keeps the plan found so far as the answer, labelled as stopped early.
// Nothing here depends on how fast the machine is: progress is recorded by a MutationObserver
// as it happens, and a stop that comes after the answer is reported, not failed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAccessible, collectProblems, launch } from './browser.mjs';
import { serveDir } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const screenshots = join(here, 'screenshots');

describe('a commissioner watches a long solve and keeps the plan found so far', () => {
  let server;
  let browser;
  let page;
  let problems;

  before(async () => {
    server = process.env.E2E_BASE_URL ? { url: process.env.E2E_BASE_URL } : await serveDir(join(here, '..', 'dist'));
    mkdirSync(screenshots, { recursive: true });
    browser = await launch();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    problems = [];
    collectProblems(page, problems);
    await page.goto(server.url, { waitUntil: 'load' });
    await page.locator('#segment-count').waitFor({ timeout: 30_000 });
    await page.locator('html[data-solver="ready"]').waitFor({ state: 'attached', timeout: 30_000 });
    // A finer scenario: every tier and function its own segment. (With adoption outsourced in
    // the example, letting areas share a lot as well makes it too fine to prove within the limit.)
    await page.check('#split-tier');
    await page.check('#split-function');
    await page.click('#tab-plan');
    await page.fill('#time-limit', '60');
    await page.press('#time-limit', 'Tab');
  });

  after(async () => {
    await browser?.close();
    await server?.close?.();
  });

  async function axe(step) {
    await assertAccessible(page, step);
  }

  /** Records, in the page, every text the progress summary and the status show, in order. */
  async function record() {
    await page.evaluate(() => {
      window.__seen = [];
      const note = () => {
        const summary = document.querySelector('#plan-progress-summary')?.textContent;
        const status = document.querySelector('#plan-status')?.textContent;
        for (const text of [summary && `progress: ${summary}`, status && `status: ${status}`]) {
          if (text && window.__seen[window.__seen.length - 1] !== text && !window.__seen.includes(text)) window.__seen.push(text);
        }
      };
      window.__observer?.disconnect();
      window.__observer = new MutationObserver(note);
      window.__observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }

  async function finished() {
    await page.waitForFunction(() => {
      const s = document.querySelector('#plan-status')?.textContent ?? '';
      return s.trim().length > 0 && !document.querySelector('#solve-progress');
    }, null, { timeout: 90_000 });
    return page.evaluate(() => window.__seen);
  }

  test('the best plan so far shows while solving, then the proven answer', async () => {
    await record();
    await page.click('#solve');
    const summary = page.locator('#plan-progress-summary');
    await summary.waitFor();
    assert.equal(await summary.getAttribute('aria-live'), 'polite');
    const seen = await finished();
    const progress = seen.filter((t) => t.startsWith('progress: Best plan so far: '));
    const answer = seen.findIndex((t) => t.startsWith('status: '));
    assert.ok(progress.length > 0, `a best plan so far was shown: ${seen.join(' | ')}`);
    assert.ok(seen.indexOf(progress[0]) < answer, `progress came before the answer: ${seen.join(' | ')}`);
    assert.match(progress[0], /\d+ lots? — (at least \d+ possible \(gap \d+\)|proven the fewest possible) — thinnest competition \d+ credible bidders?$/);
    const status = await page.locator('#plan-status').textContent();
    assert.match(status, /^Proven best plan: \d+ lots/, status);
    const lots = Number(/(\d+) lots? —/.exec(progress[progress.length - 1])[1]);
    assert.ok(lots >= (await page.locator('#lots-table tbody tr').count()), 'the answer is at least as good as the last progress');
    assert.equal(await page.locator('#stop-solve, #cancel-solve').count(), 0);
  });

  test('stopping keeps the plan found so far, labelled as stopped early', async () => {
    await record();
    await page.click('#solve');
    const stop = page.locator('#stop-solve');
    await stop.waitFor();
    await page.screenshot({ path: join(screenshots, 'progress-running.png'), fullPage: true });
    const stopped = await stop.click({ timeout: 5_000 }).then(() => true, () => false);
    await finished();
    const status = await page.locator('#plan-status').textContent();
    if (!stopped || /^Proven best/.test(status)) {
      // The answer came before the click landed: nothing was left to stop.
      console.log(`the solve finished before it could be stopped: ${status}`);
      assert.match(status, /^Proven best plan/, status);
      return;
    }
    assert.match(status, /^Stopped early, best plan so far kept \(not proven best\): \d+ lots/, status);
    const rows = await page.locator('#lots-table tbody tr').count();
    assert.ok(rows > 0, 'the kept plan is listed');
    assert.match(status, new RegExp(`: ${rows} lots`), status);
    assert.match(await page.locator('#plan-diagnosis').textContent(), /Search stopped before it finished/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'solve', 'focus goes to Propose lots');
    await page.screenshot({ path: join(screenshots, 'progress-stopped.png'), fullPage: true });
    await axe('stopped plan');
  });

  test('logged no errors', () => {
    assert.deepEqual(problems, []);
  });
});
