// End to end: a lotting decision a commissioner can publish and defend.
// Set the regime; solve; write the decision record (the draft, the tie-break, the bid limit,
// the contract term); a 1 MB text is refused and the page stays responsive; export the tender
// notice (OCDS), the Excel workbook and the printed report; save the workspace, reopen it in a
// fresh browser and find the record intact; a one-lot plan needs the reasons for not dividing
// before the notice exports. Serves the build in E2E_DIST (default dist/). Screenshots go to
// e2e/screenshots/procurement-*.png.
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
const downloads = mkdtempSync(join(tmpdir(), 'lotwise-procurement-'));
const TIE_BREAK = 'Lots are awarded in order of value, largest first.';
const REASONS = 'The placements must be commissioned as one service.';
const SUPPLIERS = ['Cambian', 'Action for Children', 'Core Assets', 'National Fostering Agency'];

describe('a lotting decision a commissioner can publish and defend', () => {
  let server;
  let browser;
  let page;
  let problems;
  let savedPath;
  let why;

  async function open(context) {
    const p = await context.newPage();
    collectProblems(p, problems);
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
    await p.screenshot({ path: join(screenshots, `procurement-${name}.png`), fullPage: true });
  }

  async function solve(p) {
    await p.click('#tab-plan');
    await p.click('#solve');
    try {
      await p.waitForFunction(() => /Proven best/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 60_000 });
    } catch (e) {
      const status = await p.locator('#plan-status, #solve-progress').allTextContents();
      throw new Error(`no proven plan after 60 s; the page says ${JSON.stringify(status)}`);
    }
    await p.locator('#decision-record').waitFor();
    return p.locator('#plan-status').textContent();
  }

  async function download(p, selector) {
    const [file] = await Promise.all([p.waitForEvent('download'), p.click(selector)]);
    const path = join(downloads, file.suggestedFilename());
    await file.saveAs(path);
    return { name: file.suggestedFilename(), path, bytes: readFileSync(path) };
  }

  test('the regime sets what the rules step says the law asks', async () => {
    await page.click('#tab-rules');
    assert.equal(await page.locator('#regime').inputValue(), 'pa2023');
    assert.match(await page.locator('#law-lots').textContent(), /section 18/);
    await shot(page, '1-rules-pa2023');
    await assertAccessible(page, 'rules, Procurement Act 2023');
    await page.selectOption('#regime', 'pcr2015');
    assert.match(await page.locator('#law-lots').textContent(), /regulation 46/);
    assert.match(await page.locator('#law-conditions').textContent(), /58\(9\)/);
    assert.doesNotMatch(await page.locator('.rules-panel').textContent(), /Article 46|Directive/);
    // The select works from the keyboard.
    await page.focus('#regime');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.locator('#regime').inputValue(), 'pa2023');
    await page.selectOption('#regime', 'pcr2015');
  });

  test('the decision record is written on the plan step', async () => {
    assert.match(await solve(page), /13 lots/);
    await page.click('#record-use-draft');
    why = await page.locator('#record-why').inputValue();
    assert.match(why, /is divided into 13 lots/);
    await enter(page, '#record-tie-break', TIE_BREAK);
    await enter(page, '#record-max-bid', 4);
    await enter(page, '#contract-term', 48);
    await enter(page, '#contract-extension', 24);
    assert.match(await page.locator('#contract-words').textContent(), /48-month term \(4 years\) with up to 24 months of extensions/);
    assert.equal(await page.locator('#lot-terms tbody tr').count(), 13);
    await page.locator('#decision-record').scrollIntoViewIfNeeded();
    await shot(page, '2-decision-record');
    await assertAccessible(page, 'decision record');
  });

  test('1 MB of text is refused, kept to shorten, and the page stays responsive', async () => {
    const huge = '<script>alert(1)</script>'.repeat(42_000);
    const started = Date.now();
    await page.locator('#record-tie-break').fill(huge);
    await page.locator('#record-tie-break').press('Tab');
    await page.locator('#decision-record .app-error-message').waitFor();
    assert.match(await page.locator('#decision-record .app-error-message').textContent(), /at most 20,000 characters/);
    assert.equal((await page.locator('#record-tie-break').inputValue()).length, huge.length, 'what was typed stays');
    assert.equal(await page.locator('script:not([src]):not([type])').filter({ hasText: 'alert(1)' }).count(), 0);
    await page.click('#tab-rules');
    await page.click('#tab-plan');
    assert.ok(Date.now() - started < 20_000, `the page answered in ${Date.now() - started} ms`);
    // The record kept the last accepted text.
    assert.equal(await page.locator('#record-tie-break').inputValue(), TIE_BREAK);
  });

  test('the tender notice, the workbook and the printed report', async () => {
    assert.equal(await page.locator('#export-internal').isChecked(), false);
    assert.match(await page.locator('.plan-export__hint').textContent(), /registered e-senders/);
    const ocds = await download(page, '#export-ocds');
    assert.match(ocds.name, /^lotwise-split-by-service-area-and-locality-tender-notice-ocds-\d{4}-\d{2}-\d{2}\.json$/);
    const text = ocds.bytes.toString('utf8');
    const release = JSON.parse(text).releases[0];
    assert.equal(release.tender.documents[0].noticeType, 'UK4');
    assert.equal(release.tender.lots.length, 13);
    assert.equal(release.tender.lots[0].contractPeriod.durationInMonths, 48);
    assert.equal(release.tender.lots[0].selectionCriteria.criteria[0].type, 'economic');
    assert.equal(release.tender.lotDetails.maximumLotsBidPerSupplier, 4);
    assert.equal(release.tender.lotDetails.awardCriteriaDetails, TIE_BREAK);
    assert.equal(release.planning.rationale, why);
    for (const name of SUPPLIERS) assert.ok(!text.includes(name), `${name} is not named`);
    assert.ok(!/lotwise/i.test(text), 'the tool is not named');

    const book = await download(page, '#export-xlsx');
    assert.match(book.name, /\.xlsx$/);
    assert.equal(book.bytes.subarray(0, 2).toString('latin1'), 'PK');
    const csv = await download(page, '#export-lots-csv');
    const lots = csv.bytes.toString('utf8');
    assert.match(lots, /Yes, with \d+ credible bidders/);
    assert.match(lots, /Open to an SME \(a credible bidder with turnover up to £44m\)/, 'whether an SME could bid, per lot');
    for (const name of SUPPLIERS) assert.ok(!lots.includes(name), `${name} is not named in the lots`);
    await page.click('label[for="export-internal"]');
    const internal = await download(page, '#export-lots-csv');
    assert.match(internal.bytes.toString('utf8'), /Indicative award \(internal\)/);
    await page.click('label[for="export-internal"]');
    assert.equal(await page.locator('#export-internal').isChecked(), false);

    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('#lots-table th.plan-award').isVisible(), false, 'no indicative award in print');
    assert.ok(await page.locator('#record-print').isVisible(), 'the record prints');
    assert.match(await page.locator('#record-print').textContent(), new RegExp(TIE_BREAK));
    assert.equal(await page.locator('#record-use-draft').isVisible(), false);
    await shot(page, '3-print');
    await page.emulateMedia({ media: 'screen' });
  });

  test('the workspace saves with its record and reopens intact in a fresh browser', async () => {
    if (!(await page.locator('#share').evaluate((d) => d.open))) await page.click('#share > summary');
    const saved = await download(page, '#workspace-export');
    savedPath = saved.path;
    const ws = JSON.parse(saved.bytes.toString('utf8'));
    assert.equal(ws.format, 'lotwise/3');
    assert.equal(ws.regime, 'pcr2015');
    assert.equal(ws.scenarios[0].record.tie_break, TIE_BREAK);
    assert.equal(ws.scenarios[0].record.max_lots_bid, 4);
    assert.equal(ws.scenarios[0].contract.term_months, 48);

    const fresh = await open(await browser.newContext({ viewport: { width: 1024, height: 768 }, acceptDownloads: true }));
    if (!(await fresh.locator('#share').evaluate((d) => d.open))) await fresh.click('#share > summary');
    await fresh.setInputFiles('#workspace-import', savedPath);
    await fresh.locator('#workspace-notice').waitFor();
    await fresh.click('#tab-rules');
    assert.equal(await fresh.locator('#regime').inputValue(), 'pcr2015');
    await solve(fresh);
    assert.equal(await fresh.locator('#record-why').inputValue(), why);
    assert.equal(await fresh.locator('#record-tie-break').inputValue(), TIE_BREAK);
    assert.equal(await fresh.locator('#record-max-bid').inputValue(), '4');
    assert.equal(await fresh.locator('#contract-term').inputValue(), '48');
    page = fresh;
  });

  test('a one-lot plan needs the reasons for not dividing before the notice exports', async () => {
    // The whole service as one segment, one credible bidder enough, no size limit: one lot.
    await page.click('#tab-service');
    await page.click('label[for="split-area"]');
    await page.click('label[for="split-locality"]');
    assert.equal(await page.locator('#split-area').isChecked(), false);
    await page.click('#tab-rules');
    await enter(page, '#rule-k', 1);
    await enter(page, '#rule-vmax', '50m');
    assert.match(await solve(page), /1 lot\b/);
    assert.equal(await page.locator('#export-ocds').isDisabled(), true);
    assert.match(await page.locator('#export-ocds-blocked').textContent(), /reasons for not dividing/);
    assert.match(await page.locator('label[for="record-no-division"]').textContent(), /required/);
    await shot(page, '4-one-lot-blocked');
    await assertAccessible(page, 'one lot, reasons missing');
    assert.equal(await page.locator('#export-ocds-blocked a').getAttribute('href'), '#record-no-division');
    await enter(page, '#record-no-division', REASONS);
    assert.equal(await page.locator('#export-ocds').isEnabled(), true);
    const ocds = await download(page, '#export-ocds');
    const release = JSON.parse(ocds.bytes.toString('utf8')).releases[0];
    assert.equal(release.tender.lots.length, 1);
    assert.equal(release.tender.lotDetails.noLotsDivisionRationale, REASONS);
  });

  test('logged no errors', () => {
    assert.deepEqual(problems, []);
  });
});
