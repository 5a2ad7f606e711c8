// End to end: never losing work. Two tabs editing different fields both survive a reload; two
// tabs editing the same field end with one kept and the other in Versions, with a message; a
// storage quota too small makes the next edit say "Not saved" and the file download works; a
// save cut off part way restores the copy before it; versions list and restore; a share link
// opens in a fresh browser with the identical workspace and plan, and a hostile one changes
// nothing; the Content-Security-Policy holds (no violation) and nothing is requested from any
// other origin. Serves the build in E2E_DIST (default dist/). Screenshots:
// e2e/screenshots/storage-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAccessible, collectProblems, launch } from './browser.mjs';
import { serveDir } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const screenshots = join(here, 'screenshots');
const downloads = mkdtempSync(join(tmpdir(), 'lotwise-storage-'));
const EXAMPLE = 'Split by service area and locality';

describe('work is never lost', () => {
  let server;
  let browser;
  let problems;
  let requests;

  before(async () => {
    const dist = resolve(join(here, '..'), process.env.E2E_DIST ?? 'dist');
    server = process.env.E2E_BASE_URL ? { url: process.env.E2E_BASE_URL } : await serveDir(dist);
    mkdirSync(screenshots, { recursive: true });
    browser = await launch();
    problems = [];
    requests = [];
  });

  after(async () => {
    await browser?.close();
    await server?.close?.();
  });

  /** A fresh browser profile (its own storage), recording requests. */
  async function profile() {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    context.on('request', (r) => requests.push(r.url()));
    await context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    return context;
  }

  /** Opens the app (at `url`) in a new page of `context` and waits for it to show the work. */
  async function open(context, url = server.url) {
    const page = await context.newPage();
    collectProblems(page, problems);
    await page.goto(url, { waitUntil: 'load' });
    await page.locator('#segment-count').waitFor({ timeout: 30_000 });
    await page.locator('#save-status').waitFor();
    return page;
  }

  async function saved(page) {
    try {
      await page.waitForFunction(() => document.querySelector('#save-status')?.textContent.trim() === 'Saved', null, { timeout: 10_000 });
    } catch (e) {
      const status = await page.locator('#save-status').textContent().catch(() => '(none)');
      const notice = await page.locator('#tab-conflict, #workspace-notice').allTextContents().catch(() => []);
      throw new Error(`not "Saved" after 10 s: the status says ${JSON.stringify(status)}; notices: ${JSON.stringify(notice)}`);
    }
  }

  async function enter(page, selector, value) {
    if (!(await page.locator(selector).isVisible())) await page.click('#tab-rules');
    const field = page.locator(selector);
    await field.fill(String(value));
    await field.press('Tab');
  }

  async function rule(page, name) {
    if (!(await page.locator(`#rule-${name}`).isVisible())) await page.click('#tab-rules');
    return page.locator(`#rule-${name}`).inputValue();
  }

  async function shot(page, name) {
    await page.screenshot({ path: join(screenshots, `storage-${name}.png`), fullPage: true });
  }

  async function noViolations(page) {
    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no Content-Security-Policy violation');
  }

  test('the page carries a Content-Security-Policy with Trunk\'s inline script hashed', async () => {
    const html = readFileSync(resolve(join(here, '..'), process.env.E2E_DIST ?? 'dist', 'index.html'), 'utf8');
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
    assert.ok(!csp.includes("'inline-scripts'") && !csp.includes('unsafe-inline\'; s'), csp);
    assert.ok(!/script-src[^;]*'unsafe-inline'/.test(csp), 'no inline script allowed wholesale');
  });

  test('two tabs editing different fields both survive a reload', async () => {
    const context = await profile();
    const one = await open(context);
    const two = await open(context);
    // One edit in each tab, a moment apart (as a person switches tabs).
    await enter(one, '#rule-k', 3);
    await saved(one);
    await enter(two, '#rule-m', 5);
    await saved(two);
    await one.waitForFunction(() => document.querySelector('#rule-m')?.value === '5', null, { timeout: 10_000 });
    await one.reload({ waitUntil: 'load' });
    await one.locator('#segment-count').waitFor({ timeout: 30_000 });
    assert.equal(await rule(one, 'k'), '3');
    assert.equal(await rule(one, 'm'), '5');
    assert.equal(await rule(two, 'k'), '3', 'the other tab took in the change too');
    await shot(one, '1-two-tabs-merged');
    await noViolations(one);
    await context.close();
  });

  test('two tabs editing different fields at the same instant both survive', async () => {
    const context = await profile();
    const one = await open(context);
    const two = await open(context);
    // Both edits at once: each tab's saver may hear of its own edit only after the other
    // tab's copy arrives; the edit is merged where it was applied, never replaced.
    await Promise.all([enter(one, '#rule-k', 4), enter(two, '#rule-m', 2)]);
    await Promise.all([saved(one), saved(two)]);
    for (const page of [one, two]) {
      await page.waitForFunction(
        () => document.querySelector('#rule-k')?.value === '4' && document.querySelector('#rule-m')?.value === '2',
        null,
        { timeout: 10_000 },
      ).catch(async () => {
        const both = [];
        for (const p of [one, two]) both.push(`k=${await rule(p, 'k')} m=${await rule(p, 'm')} (${(await p.locator('#save-status').textContent()).trim()})`);
        throw new Error(`a tab lost an edit: ${page === one ? 'the first' : 'the second'}; tabs: ${both.join('; ')}`);
      });
    }
    await one.reload({ waitUntil: 'load' });
    await one.locator('#segment-count').waitFor({ timeout: 30_000 });
    assert.equal(await rule(one, 'k'), '4');
    assert.equal(await rule(one, 'm'), '2');
    await context.close();
  });

  test('what is being typed survives another tab\'s save arriving', async () => {
    const context = await profile();
    const one = await open(context);
    const two = await open(context);
    // Half-way through an edit in the first tab (typed, not yet left), the second tab saves.
    await one.click('#tab-rules');
    await one.locator('#rule-k').fill('5');
    await enter(two, '#rule-m', 4);
    await saved(two);
    await one.waitForFunction(() => document.querySelector('#rule-m')?.value === '4', null, { timeout: 10_000 });
    assert.equal(await one.locator('#rule-k').inputValue(), '5', 'the typing is still there');
    await one.locator('#rule-k').press('Tab');
    await saved(one);
    await two.waitForFunction(() => document.querySelector('#rule-k')?.value === '5', null, { timeout: 10_000 });
    assert.equal(await rule(two, 'm'), '4');
    await context.close();
  });

  test('two tabs editing the same field: one kept, the other in Versions, with a message', async () => {
    const context = await profile();
    const one = await open(context);
    const two = await open(context);
    // Tab one's announcement is lost (a tab in the background can be slow to hear): tab two
    // edits the same field without knowing, and finds the newer copy when it saves.
    await one.evaluate(() => { BroadcastChannel.prototype.postMessage = function () {}; });
    await enter(one, '#rule-k', 4);
    await saved(one);
    await enter(two, '#rule-k', 5);
    await two.locator('#tab-conflict').waitFor({ timeout: 10_000 });
    const message = await two.locator('#tab-conflict').textContent();
    assert.match(message, /Another tab \(or window\) saved this workspace at \d\d:\d\d/);
    assert.match(message, /rules › k/);
    assert.equal((await two.locator('#save-status').textContent()).trim(), 'Not saved');
    await shot(two, '2-conflict');
    await assertAccessible(two, 'conflict');
    await two.click('#conflict-keep-mine');
    await saved(two);
    assert.equal(await two.evaluate(() => document.activeElement?.id), 'scenario-select', 'the keyboard carries on from the switcher');
    assert.match(await two.locator('#workspace-notice').textContent(), /Kept this tab's copy\. The other copy is in Versions as “The other tab's copy of \d\d:\d\d”/);
    await two.click('#versions > summary');
    await two.locator('#versions-list').waitFor();
    assert.match(await two.locator('#versions-list').textContent(), /The other tab's copy of/);
    // Tab one had nothing unsaved: it takes in the copy kept.
    await one.waitForFunction(() => document.querySelector('#rule-k')?.value === '5', null, { timeout: 10_000 });
    // The other copy comes back from Versions (undoably).
    await two.locator('#versions-list li', { hasText: "The other tab's copy" }).getByRole('button', { name: /^Restore/ }).click();
    await two.waitForFunction(() => document.querySelector('#rule-k')?.value === '4', null, { timeout: 10_000 });
    await noViolations(two);
    await context.close();
  });

  test('storage filled to its quota: the next edit says "Not saved" and the file download works', async () => {
    const context = await profile();
    const page = await open(context);
    await saved(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url).origin, quotaSize: 1024 });
    await page.click('#scenario-duplicate');
    await page.waitForFunction(() => document.querySelector('#save-status')?.textContent.trim() === 'Not saved', null, { timeout: 10_000 });
    assert.match(await page.locator('#save-problem').textContent(), /storage for Lotwise is full/);
    assert.match(await page.locator('#scenario-count').textContent(), /^2 of 2/, 'the work stays on screen');
    await shot(page, '3-not-saved');
    await assertAccessible(page, 'not saved');
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#save-to-file')]);
    const path = join(downloads, file.suggestedFilename());
    await file.saveAs(path);
    const ws = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(ws.scenarios.length, 2, 'the file holds the work not saved in the browser');
    // Room again: trying again saves.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(server.url).origin });
    await page.click('#save-retry');
    await saved(page);
    await noViolations(page);
    await context.close();
  });

  test('a save cut off part way restores the copy before it; versions list and restore', async () => {
    const context = await profile();
    const page = await open(context);
    await enter(page, '#rule-k', 3);
    await saved(page);
    await enter(page, '#rule-k', 4);
    await saved(page);
    // Cut the newest copy in half, as a tab closed mid-write would leave it.
    const cut = await page.evaluate(() => new Promise((done, fail) => {
      const req = indexedDB.open('lotwise');
      req.onerror = () => fail(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const store = db.transaction('records', 'readwrite').objectStore('records');
        const keys = ['lotwise.copy.a', 'lotwise.copy.b'];
        const got = keys.map((k) => store.get(k));
        got[1].onsuccess = () => {
          const rev = (r) => (r ? JSON.parse(r.split('\n')[0]).rev : -1);
          const newest = rev(got[0].result) > rev(got[1].result) ? 0 : 1;
          const text = got[newest].result;
          const put = store.put(text.slice(0, text.length / 2), keys[newest]);
          put.onsuccess = () => done(keys[newest]);
          put.onerror = () => fail(put.error);
        };
      };
    }));
    assert.ok(cut.startsWith('lotwise.copy.'));
    await page.reload({ waitUntil: 'load' });
    await page.locator('#segment-count').waitFor({ timeout: 30_000 });
    assert.match(await page.locator('#workspace-notice').textContent(), /cut off part way/);
    assert.equal(await rule(page, 'k'), '3', 'the copy before the cut-off save');
    await shot(page, '4-cut-off-restored');
    // Versions: keep a named one, change, restore it, and Undo.
    await page.click('#versions > summary');
    await page.fill('#version-name', 'before the workshop');
    await page.click('#version-keep-button');
    await page.locator('#versions-list li', { hasText: 'before the workshop' }).waitFor();
    assert.match(await page.locator('#versions-list').textContent(), /1 scenario; “Split by service area and locality” has no plan yet/);
    await enter(page, '#rule-k', 6);
    await saved(page);
    await page.locator('#versions-list li', { hasText: 'before the workshop' }).getByRole('button', { name: /^Restore/ }).click();
    await page.waitForFunction(() => document.querySelector('#rule-k')?.value === '3', null, { timeout: 10_000 });
    assert.match(await page.locator('#workspace-notice').textContent(), /Restored the version “before the workshop”/);
    await page.locator('#versions-list li', { hasText: 'Before restoring' }).waitFor();
    await shot(page, '5-versions');
    await assertAccessible(page, 'versions');
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelector('#rule-k')?.value === '6', null, { timeout: 10_000 });
    await noViolations(page);
    await context.close();
  });

  test('a share link opens in a fresh browser with the identical workspace and plan', async () => {
    const context = await profile();
    const page = await open(context);
    await page.click('#scenario-duplicate');
    await enter(page, '#rule-k', 1);
    await page.click('#tab-plan');
    await page.click('#solve');
    await page.waitForFunction(() => /Proven best/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 60_000 });
    const lots = await page.locator('#lots-table').innerText();
    const names = await page.locator('#scenario-select option').allTextContents();
    if (!(await page.locator('#share').evaluate((d) => d.open))) await page.click('#share > summary');
    await page.click('#link-copy');
    const link = await page.locator('#link-field').inputValue();
    assert.ok(link.startsWith(`${server.url.replace(/\/$/, '')}/#lotwise=1.`), link.slice(0, 80));
    assert.match(await page.locator('#link-status').textContent(), /Link copied \(\d+ characters\)/);
    await shot(page, '6-link');
    console.log(`share link of the example with a copy and its plan: ${link.length} characters`);

    const fresh = await profile();
    const other = await open(fresh, link);
    await other.locator('#link-offer').waitFor();
    assert.match(await other.locator('#link-what').textContent(), /2 scenarios .*with 1 saved plan/);
    await assertAccessible(other, 'link offer');
    await other.click('#link-open');
    assert.equal(await other.evaluate(() => document.activeElement?.id), 'scenario-select');
    await other.waitForFunction((n) => document.querySelectorAll('#scenario-select option').length === n, names.length);
    assert.deepEqual(await other.locator('#scenario-select option').allTextContents(), names);
    assert.equal(await rule(other, 'k'), '1');
    await other.click('#tab-plan');
    await other.locator('#lots-table').waitFor();
    assert.equal(await other.locator('#lots-table').innerText(), lots, 'the same plan, without solving again');
    assert.ok(!other.url().includes('#lotwise='), 'the link is taken off the address once opened');
    await noViolations(other);

    // A damaged link changes nothing.
    const third = await open(await profile(), `${server.url.replace(/\/$/, '')}/#lotwise=1.eJzz$$$`);
    await third.locator('#link-error').waitFor();
    assert.match(await third.locator('#link-error').textContent(), /The link could not be opened: .* Your work is unchanged\./);
    assert.deepEqual(await third.locator('#scenario-select option').allTextContents(), [EXAMPLE]);
    await shot(third, '7-bad-link');
  });

  test('no page errors, no other origin, no request carries the work', () => {
    assert.deepEqual(problems, [], 'no console errors, warnings or page errors');
    const origin = new URL(server.url).origin;
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('blob:') && !u.startsWith('data:'));
    assert.deepEqual(foreign, [], 'requests to other origins');
    const carrying = (server.requests ?? []).filter((r) => r.path.includes('lotwise=1.'));
    assert.deepEqual(carrying, [], 'the link\'s fragment never reaches the server');
  });
});
