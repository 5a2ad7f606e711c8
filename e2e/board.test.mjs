// End to end: from the example to a board paper. A commissioner starts a blank workspace,
// builds their own small county without the example's data (two localities, one service
// area, three suppliers of their own, one of them a small charity), proposes lots, reads why
// each lot has its shape and who is shut out, renames the scenario and keeps the plan, saves
// the workspace and opens it in a fresh browser with its plan, prints the report (emulated print
// media: the rules, the scenario and the date are in it), and reads every step at 390 px: no page
// scrolls sideways and no table cell is cut (wide tables scroll inside their own region).
// Serves the build in E2E_DIST (default dist/). Screenshots go to e2e/screenshots/board-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAccessible, collectProblems, launch } from './browser.mjs';
import { serveDir } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const screenshots = join(here, 'screenshots');
const downloads = mkdtempSync(join(tmpdir(), 'lotwise-board-'));

// Three suppliers of the user's own: two who can each take the whole service, and a small
// charity whose capacity (a quarter of £1.8m turnover, weak assets) is below any lot.
const REGISTER = [
  'name,ownership,not_for_profit,revenue,equity,service_areas,localities',
  'Moor Care,private,no,9000000,3000000,all,all',
  'Vale Family Services,charity,yes,7000000,2500000,all,all',
  'Little Acorns Trust,charity,yes,1800000,-10000,all,all',
].join('\n');

describe('from a blank workspace to a board paper', () => {
  let server;
  let browser;
  let context;
  let page;
  const problems = [];

  before(async () => {
    const dist = resolve(join(here, '..'), process.env.E2E_DIST ?? 'dist');
    server = process.env.E2E_BASE_URL ? { url: process.env.E2E_BASE_URL, requests: [] } : await serveDir(dist);
    mkdirSync(screenshots, { recursive: true });
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    collectProblems(page, problems);
    await page.goto(server.url, { waitUntil: 'load' });
    await page.locator('#segment-count').waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.close?.();
  });

  const shot = (p, name) => p.screenshot({ path: join(screenshots, `board-${name}.png`), fullPage: true });

  async function enter(selector, value) {
    await page.locator(selector).fill(String(value));
    await page.locator(selector).press('Tab');
  }

  async function openShare(p) {
    if (!(await p.locator('#share').evaluate((d) => d.open))) await p.click('#share > summary');
  }

  async function solve(p) {
    await p.click('#solve-top');
    await p.waitForFunction(() => /plan/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 60_000 });
    await p.locator('#lots-table').waitFor();
  }

  test('a blank workspace is built into a plan with none of the example', async () => {
    await openShare(page);
    await page.check('#start-blank');
    await page.click('#workspace-start-button');
    assert.match(await page.locator('#workspace-notice').textContent(), /Started a new workspace from a blank service/);
    await page.click('#tab-service');
    await enter('#service-authority', 'Exmoor and Vale Council');
    await enter('#service-name', "Children's placements");
    await enter('#area-AREA1-name', 'Fostering');
    await enter('#area-AREA1-value', '£3m');
    await enter('#locality-Whole-area-name', 'Exmoor');
    await page.click('#locality-add');
    await enter('#locality-New-locality-name', 'Vale');
    await page.check('#adj-Exmoor-Vale');
    assert.match(await page.locator('#scenario-line').textContent(), /Exmoor and Vale Council: Children's placements\. .*to propose lots for “My service”/);
    await page.click('#tab-suppliers');
    // The register comes as a file: it is read into the text box to check before importing.
    const register = { name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(REGISTER) };
    await page.locator('#supplier-csv-file').setInputFiles(register);
    await page.waitForFunction(() => /^Loaded register\.csv\./.test(document.querySelector('#import-status')?.textContent ?? ''));
    assert.equal(await page.locator('#supplier-csv').inputValue(), REGISTER);
    await page.click('#import-csv');
    assert.match(await page.locator('#import-status').textContent(), /Imported 3 suppliers/);
    // The same file can be chosen again (the input is cleared after each choice).
    await page.locator('#supplier-csv-file').setInputFiles(register);
    await page.waitForFunction(() => /^Loaded register\.csv\./.test(document.querySelector('#import-status')?.textContent ?? ''));
    await solve(page);
    const status = await page.locator('#plan-status').textContent();
    assert.match(status, /Proven best plan/);
    const lots = await page.locator('#lots-table').innerText();
    assert.doesNotMatch(lots, /Cambian|Action for Children|North East/, 'nothing of the example');
    await assertAccessible(page, 'blank workspace plan');
    await shot(page, '1-own-plan');
  });

  test('focus lands on the result after solving', async () => {
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'plan-status');
  });

  test('each lot says why it has its shape, and the small charity is listed as shut out', async () => {
    const why = await page.locator('#plan-why').innerText();
    assert.match(why, /Why each lot/);
    assert.match(await page.locator('#why-L1').innerText(), /L1/);
    const shut = await page.locator('#plan-shut-out').innerText();
    assert.match(shut, /Little Acorns Trust: Its capacity, £450k, is below the value of every lot it serves/);
    assert.match(shut, /What would let it in: Lots of up to £450k/);
  });

  test('renaming the scenario keeps its plan, here and in step 5', async () => {
    await page.click('#scenario-rename');
    await page.locator('#scenario-rename-input').fill('Two localities, one lot each');
    await page.click('#scenario-rename-save');
    await page.click('#tab-plan');
    assert.ok(await page.locator('#lots-table').isVisible(), 'the plan is still shown');
    assert.equal(await page.locator('#plan-stale').count(), 0, 'and it is not marked as changed');
    await page.click('#tab-scenarios');
    const years = await page.locator('#sc-years').innerText();
    assert.doesNotMatch(years, /Changed since solved|No plan yet/);
  });

  test('a saved workspace opens in a fresh browser with its plan', async () => {
    await openShare(page);
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#workspace-export')]);
    const path = join(downloads, file.suggestedFilename());
    await file.saveAs(path);
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const other = await fresh.newPage();
    collectProblems(other, problems);
    await other.goto(server.url, { waitUntil: 'load' });
    await other.locator('#segment-count').waitFor({ timeout: 30_000 });
    await openShare(other);
    await other.setInputFiles('#workspace-import', path);
    assert.match(await other.locator('#workspace-notice').textContent(), /with 1 saved plan/);
    await other.click('#tab-plan');
    await other.locator('#lots-table').waitFor();
    assert.match(await other.locator('#plan-status').textContent(), /Proven best plan/);
    assert.equal(await other.locator('#plan-stale').count(), 0);
    await fresh.close();
  });

  test('the printed report has the service, scenario, date and rules in words', async () => {
    await page.click('#tab-plan');
    await page.emulateMedia({ media: 'print' });
    const report = await page.locator('#plan-report').innerText();
    assert.match(report, /Lot plan for Exmoor and Vale Council: Children's placements/);
    assert.match(report, /Two localities, one lot each/);
    assert.match(report, /\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/);
    assert.match(report, /smallest and largest lot allowed/);
    assert.match(report, /credible bidders? for each lot/);
    assert.equal(await page.locator('#plan-why').isVisible(), true, 'why each lot is printed');
    assert.equal(await page.locator('.app-tabs').isVisible(), false, 'controls are not printed');
    await page.pdf?.({ path: join(screenshots, 'board-report.pdf') }).catch(() => {});
    await shot(page, '2-print');
    await page.emulateMedia({ media: 'screen' });
  });

  test('at 390 px no page scrolls sideways and no table cell is cut', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const p = await phone.newPage();
    collectProblems(p, problems);
    await p.goto(server.url, { waitUntil: 'load' });
    await p.locator('#segments-title').waitFor({ timeout: 30_000 });
    const check = async (step) => {
      const found = await p.evaluate(() => {
        const out = { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, cut: [] };
        for (const cell of document.querySelectorAll('td, th')) {
          if (cell.getBoundingClientRect().width === 0) continue;
          // A cell's own text must fit it (no "£115,996," cut off)...
          if (cell.scrollWidth > cell.clientWidth + 1 && getComputedStyle(cell).overflowX !== 'visible') {
            out.cut.push(`clipped: ${cell.textContent.trim().slice(0, 30)}`);
          }
          // ...and a cell beyond the screen must be in a region that scrolls sideways.
          const box = cell.getBoundingClientRect();
          if (box.right > document.documentElement.clientWidth + 1) {
            let c = cell.parentElement;
            while (c && c !== document.body && !['auto', 'scroll'].includes(getComputedStyle(c).overflowX)) c = c.parentElement;
            if (!c || c === document.body) out.cut.push(`off screen: ${cell.textContent.trim().slice(0, 30)}`);
          }
        }
        return out;
      });
      assert.equal(found.page, 0, `${step}: the page scrolls sideways`);
      assert.deepEqual(found.cut.slice(0, 5), [], `${step}: cut cells`);
    };
    await check('service');
    await shot(p, '3-phone-service');
    for (const tab of ['suppliers', 'rules', 'plan', 'scenarios']) {
      await p.click(`#tab-${tab}`);
      if (tab === 'plan') {
        await p.locator('html[data-solver="ready"]').waitFor();
        await p.click('#solve');
        await p.locator('#plan-stats').waitFor({ timeout: 60_000 });
      }
      await check(tab);
    }
    await shot(p, '4-phone-plan');
    await phone.close();
  });

  test('made no network request after loading and logged no errors', () => {
    assert.deepEqual(problems, []);
    if (server.requests?.length) {
      const late = server.requests.filter((r) => !/\.(js|wasm|css|html)$|^\/$/.test(r.path));
      assert.deepEqual(late, [], 'only the app itself was fetched');
    }
  });
});
