// End to end: scenarios, saving and opening the workspace, and plan downloads.
// Two scenarios (New, Rename) with a rule changed in one; the workspace saved as a file; a
// reload restores the work; the file opened in a fresh browser gives the same scenarios and the
// same proven-best plan; a broken file changes nothing; the plan downloads as Excel and CSV.
// Serves the build in E2E_DIST (default dist/). Screenshots go to e2e/screenshots/share-*.png.
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
const downloads = mkdtempSync(join(tmpdir(), 'lotwise-share-'));
const EXAMPLE = 'Split by service area and locality';
const RENAMED = 'One credible bidder is enough';

/** A small CSV reader (quotes, doubled quotes, commas and newlines inside quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describe('scenarios are saved, shared and exported', () => {
  let server;
  let browser;
  let page;
  let problems;
  let savedPath;
  let earlier;

  function watch(p) {
    collectProblems(p, problems);
  }

  async function open(context) {
    const p = await context.newPage();
    watch(p);
    await p.goto(server.url, { waitUntil: 'load' });
    await p.locator('#segment-count').waitFor({ timeout: 30_000 });
    return p;
  }

  before(async () => {
    const dist = resolve(join(here, '..'), process.env.E2E_DIST ?? 'dist');
    server = process.env.E2E_BASE_URL ? { url: process.env.E2E_BASE_URL } : await serveDir(dist);
    mkdirSync(screenshots, { recursive: true });
    browser = await launch();
    problems = [];
    page = await open(await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true }));
  });

  after(async () => {
    await browser?.close();
    await server?.close?.();
  });

  async function enter(p, selector, value) {
    const field = p.locator(selector);
    await field.fill(String(value));
    await field.press('Tab');
  }

  async function shot(p, name) {
    await p.screenshot({ path: join(screenshots, `share-${name}.png`), fullPage: true });
  }

  async function axe(p, step) {
    await assertAccessible(p, step);
  }

  /** The scenario names in the switcher and the one selected. */
  async function scenarios(p) {
    return p.evaluate(() => {
      const select = document.querySelector('#scenario-select');
      const names = [...select.options].map((o) => o.textContent);
      return { names, selected: names[select.selectedIndex] };
    });
  }

  async function openShare(p) {
    if (!(await p.locator('#share').evaluate((d) => d.open))) await p.click('#share > summary');
  }

  async function solve(p) {
    await p.click('#tab-plan');
    await p.click('#solve');
    await p.waitForFunction(() => /Proven best/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 60_000 });
    await p.locator('#lots-table').waitFor();
    return {
      status: await p.locator('#plan-status').textContent(),
      lots: await p.locator('#lots-table').innerText(),
      figures: await p.locator('.plan-figures').innerText(),
    };
  }

  async function download(p, selector) {
    const [file] = await Promise.all([p.waitForEvent('download'), p.click(selector)]);
    const path = join(downloads, file.suggestedFilename());
    await file.saveAs(path);
    return { name: file.suggestedFilename(), path, bytes: readFileSync(path) };
  }

  test('two scenarios: New, Rename, and a rule changed in one', async () => {
    assert.deepEqual(await scenarios(page), { names: [EXAMPLE], selected: EXAMPLE });
    await page.click('#scenario-new');
    await page.click('#scenario-new-add');
    const copy = `Copy of ${EXAMPLE}`;
    assert.deepEqual(await scenarios(page), { names: [EXAMPLE, copy], selected: copy });
    await page.click('#scenario-rename');
    await page.locator('#scenario-rename-input').fill(RENAMED);
    await shot(page, '1-rename');
    await axe(page, 'rename');
    await page.click('#scenario-rename-save');
    assert.deepEqual(await scenarios(page), { names: [EXAMPLE, RENAMED], selected: RENAMED });
    await page.click('#tab-rules');
    await enter(page, '#rule-k', 1);
    assert.equal(await page.locator('#rule-k').inputValue(), '1');
    // The other scenario keeps its own rule.
    await page.selectOption('#scenario-select', { label: EXAMPLE });
    assert.equal(await page.locator('#rule-k').inputValue(), '2');
    await page.selectOption('#scenario-select', { label: RENAMED });
    assert.equal(await page.locator('#rule-k').inputValue(), '1');
    earlier = { scenarios: await scenarios(page), plan: await solve(page) };
    await shot(page, '2-two-scenarios-solved');
  });

  test('the two scenarios compare side by side', async () => {
    await page.click('#tab-scenarios');
    if (await page.locator('#compare-solve-all').isEnabled()) await page.click('#compare-solve-all');
    const table = page.locator('#compare-table');
    await page.waitForFunction(() => {
      const t = document.querySelector('#compare-table');
      return t && /Number of lots/.test(t.textContent) && !document.querySelector('#compare-pending');
    }, null, { timeout: 60_000 });
    const text = await table.textContent();
    assert.ok(text.includes(EXAMPLE), 'the example is a column');
    assert.ok(text.includes(RENAMED), 'the renamed scenario is a column');
    assert.match(text, /Thinnest competition/);
    await shot(page, '2b-compare');
    await axe(page, 'compare');
  });

  test('the workspace saves as a file', async () => {
    await openShare(page);
    await shot(page, '3-share-open');
    await axe(page, 'share');
    const saved = await download(page, '#workspace-export');
    assert.equal(saved.name, 'lotwise-workspace.json');
    savedPath = saved.path;
    const ws = JSON.parse(saved.bytes.toString('utf8'));
    assert.equal(ws.format, 'lotwise/3');
    assert.deepEqual(ws.scenarios.map((s) => s.name), [EXAMPLE, RENAMED]);
    assert.deepEqual(ws.scenarios.map((s) => s.rules.k), [2, 1]);
    assert.match(await page.locator('#workspace-export-status').textContent(), /Saved “lotwise-workspace.json” with 2 scenarios/);
  });

  test('a reload restores the work', async () => {
    await page.reload({ waitUntil: 'load' });
    await page.locator('#segment-count').waitFor({ timeout: 30_000 });
    assert.deepEqual(await scenarios(page), earlier.scenarios);
    assert.match(await page.locator('#workspace-notice').textContent(), /restored/);
  });

  test('the file opens in a fresh browser with the same scenarios and plan', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const fresh = await open(context);
    assert.deepEqual(await scenarios(fresh), { names: [EXAMPLE], selected: EXAMPLE }, 'a fresh browser starts from the example');
    await openShare(fresh);
    await fresh.setInputFiles('#workspace-import', savedPath);
    await fresh.locator('#workspace-notice').waitFor();
    assert.match(await fresh.locator('#workspace-notice').textContent(), /Opened “lotwise-workspace.json”: 2 scenarios[.,]/);
    assert.deepEqual(await scenarios(fresh), earlier.scenarios);
    await shot(fresh, '4-opened-1024');
    await fresh.click('#tab-rules');
    assert.equal(await fresh.locator('#rule-k').inputValue(), '1');
    const plan = await solve(fresh);
    assert.equal(plan.status, earlier.plan.status);
    assert.equal(plan.lots, earlier.plan.lots);
    assert.equal(plan.figures, earlier.plan.figures);
    await context.close();
  });

  test('a broken file shows every problem and changes nothing', async () => {
    await openShare(page);
    await page.setInputFiles('#workspace-import', {
      name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "lotwise/1", "scenarios": ['),
    });
    const summary = page.locator('#workspace-import-errors .app-error-summary');
    await summary.waitFor();
    assert.equal(await page.locator('#workspace-import-errors h2').textContent(), 'The file could not be opened; your work is unchanged');
    assert.ok(await summary.locator('li').count() >= 1);
    assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the summary takes focus');
    assert.deepEqual(await scenarios(page), earlier.scenarios);
    await summary.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'share-5-broken-file.png') });
    await axe(page, 'broken file');
  });

  test('the plan downloads as Excel, CSV and OCDS', async () => {
    await solve(page);
    const lots = await page.locator('#lots-table tbody tr').count();
    assert.ok(lots > 0);
    await page.locator('.plan-export').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'share-6-plan-exports.png') });

    const book = await download(page, '#export-xlsx');
    assert.match(book.name, /^lotwise-[a-z0-9-]+-plan-\d{4}-\d{2}-\d{2}\.xlsx$/, 'the scenario and the date name the file');
    assert.equal(book.bytes.subarray(0, 2).toString('latin1'), 'PK');

    const csv = await download(page, '#export-lots-csv');
    assert.match(csv.name, /^lotwise-[a-z0-9-]+-lots-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsv(csv.bytes.toString('utf8').replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c !== ''));
    assert.deepEqual(rows[0].slice(0, 2), ['Lot', 'Value a year (GBP)']);
    assert.equal(rows.length - 1, lots, 'a data row a lot');
    assert.ok(rows.every((r) => r.length === rows[0].length), 'every row as wide as the header');

    const segments = await download(page, '#export-segments-csv');
    assert.equal(parseCsv(segments.bytes.toString('utf8').replace(/^\uFEFF/, ''))[0][0], 'Segment');
    const suppliers = await download(page, '#export-suppliers-csv');
    assert.equal(parseCsv(suppliers.bytes.toString('utf8').replace(/^\uFEFF/, ''))[0][0], 'Supplier');

    const ocds = await download(page, '#export-ocds');
    assert.match(ocds.name, /^lotwise-[a-z0-9-]+-tender-notice-ocds-\d{4}-\d{2}-\d{2}\.json$/);
    const pkg = JSON.parse(ocds.bytes.toString('utf8'));
    assert.equal(pkg.releases[0].tender.lots.length, lots);
    assert.equal(pkg.releases[0].tender.lotDetails.maximumLotsAwardedPerSupplier, 3);
  });

  test('the printed report shows the plan without controls', async () => {
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['.app-tabs', '.app-toolbar', '.ws-bar', '.ws-share', '#print-report', '#solve']) {
      assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} is hidden in print`);
    }
    assert.ok(await page.locator('#lots-table').isVisible());
    assert.match(await page.locator('#plan-export-print-title').textContent(), new RegExp(RENAMED));
    await shot(page, '7-print');
    await page.emulateMedia({ media: 'screen' });
    // The button calls the browser's print (stubbed here: headless Chromium has no dialog).
    await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
    await page.click('#print-report');
    assert.equal(await page.evaluate(() => window.__printed), 1);
  });

  test('logged no errors', () => {
    assert.deepEqual(problems, []);
  });
});
