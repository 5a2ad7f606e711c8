// End to end: a regional plan. A commissioner brings a neighbouring council's workspace
// (tests/data/regional/westshire-workspace.json, made up for tests) into the shipped example,
// confirms which suppliers are the same, ticks a border between the two councils, loads one
// boundaries file for both councils (tests/data/regional/two-councils.geojson) and accepts the
// borders it implies across the council line, lets fostering lots cross it, accepts one
// credible bidder fewer for Westshire's lots than the region's k, proposes lots and
// reads each authority's share of every lot and of the plan, on the map too; then splits the
// region finer, stops the solve early and keeps the best plan so far, shares and map included. A file that is not a workspace is refused with a message and changes nothing.
// Axe-clean; nothing requested from the network. Serves the build in E2E_DIST (default
// dist/). Screenshots: e2e/screenshots/regional-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAccessible, collectProblems, launch } from './browser.mjs';
import { serveDir } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const screenshots = join(here, 'screenshots');
const westshire = readFileSync(join(here, '..', 'tests', 'data', 'regional', 'westshire-workspace.json'));
const boundaries = readFileSync(join(here, '..', 'tests', 'data', 'regional', 'two-councils.geojson'));

describe('a regional plan', () => {
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

  const choose = (name, buffer) =>
    page.locator('#authority-merge-file').setInputFiles({ name, mimeType: 'application/json', buffer });

  test('a file that is not a workspace is refused and nothing changes', async () => {
    await page.locator('#authorities-title').scrollIntoViewIfNeeded();
    await choose('notes.json', Buffer.from('{"hello": 1}'));
    const summary = page.locator('#authority-merge-errors');
    await summary.waitFor({ timeout: 20_000 });
    assert.match(await summary.textContent(), /The file could not be brought in; your plan is unchanged/);
    assert.equal(await page.locator('#authority-merge-title').count(), 0);
    assert.equal(await page.locator('#locality-North-authority').count(), 0, 'still one authority');
  });

  test('the neighbour joins after the suppliers in both registers are confirmed', async () => {
    await choose('westshire-workspace.json', westshire);
    await page.locator('#authority-merge-title').waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('#authority-merge-errors').count(), 0, 'the earlier error is gone');
    const notes = await page.locator('#authority-merge-notes').textContent();
    assert.match(notes, /Westshire Council joined the plan with 5 localities/);
    const same = page.locator('[id^="authority-merge-same-"]');
    assert.equal(await same.count(), 12);
    assert.match(await page.locator('label[for="authority-merge-same-0"]').textContent(), /^Cambian Group in their register is Cambian Group in this one \(the same name\)$/);
    // The last look-alike is not the same supplier: untick it (by keyboard).
    await page.locator('#authority-merge-same-11').focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => /2 added, 11 recognised|3 added, 11 recognised/.test(document.querySelector('#authority-merge-notes')?.textContent ?? ''));
    await page.locator('#authority-merge-title').scrollIntoViewIfNeeded();
    await page.locator('.svc-merge').screenshot({ path: join(screenshots, 'regional-merge.png') });
    await assertAccessible(page, 'merge preview');
    await page.click('#authority-merge-confirm');
    await page.locator('#authority-merge-title').waitFor({ state: 'detached' });
    assert.equal(await page.locator('#locality-Hilltop-authority').inputValue(), 'Westshire Council');
    assert.equal(await page.locator('#locality-North-authority').inputValue(), 'An English local authority (1/152 of England)');
    const rows = await page.locator('section[aria-labelledby="authorities-title"] tbody tr').count();
    assert.equal(rows, 2);
    // Fostering's value is now the two councils' total, changed per authority.
    assert.match(await page.locator('#area-FOST-value').textContent(), /the authorities' total/);
    // The map of localities is coloured by authority, with a key.
    assert.deepEqual(await page.locator('#service-map-legend li').allTextContents(),
      ['An English local authority (1/152 of England)', 'Westshire Council']);
    const fills = await page.locator('#service-map .map-place').evaluateAll((ps) => ps.map((p) => getComputedStyle(p).fill));
    assert.equal(fills.length, 13);
    assert.equal(new Set(fills).size, 2, `two authorities' colours: ${fills}`);
    await page.locator('section[aria-labelledby="map-title"]').screenshot({ path: join(screenshots, 'regional-map.png') });
    // A border between the councils: North meets Hilltop.
    await page.locator('#adj-North-Hilltop').check();
    await page.locator('#authorities-title').scrollIntoViewIfNeeded();
    await page.locator('section[aria-labelledby="authorities-title"]').screenshot({ path: join(screenshots, 'regional-authorities.png') });
    await assertAccessible(page, 'authorities');
  });

  test('one boundaries file draws both councils and offers the borders across the council line', async () => {
    await page.locator('#boundaries-file').setInputFiles({ name: 'two-councils.geojson', mimeType: 'application/geo+json', buffer: boundaries });
    const result = page.locator('#boundaries-result');
    await result.waitFor({ timeout: 20_000 });
    assert.match(await result.textContent(), /^Matched 13 of 13 localities to 13 features in the file, by its "name" property\./);
    assert.equal(await page.locator('#service-map .map-link').count(), 0, 'a map, not a sketch');
    assert.equal(await page.locator('#service-map .map-place').count(), 13);
    const add = await page.locator('#boundaries-offer-add').textContent();
    for (const pair of ['North East and Hilltop', 'East and Riverside', 'South East and Moorland']) {
      assert.ok(add.includes(pair), `${pair} is offered: ${add}`);
    }
    assert.match(await page.locator('#boundaries-offer-remove').textContent(), /North and Hilltop/, 'the border ticked by hand shares no edge');
    await page.locator('section[aria-labelledby="map-title"]').screenshot({ path: join(screenshots, 'regional-boundaries.png') });
    await assertAccessible(page, 'two councils\' boundaries');
    await page.locator('#boundaries-accept').focus();
    await page.keyboard.press('Enter');
    await page.locator('#boundaries-offer').waitFor({ state: 'detached' });
    assert.equal(await page.locator('#adj-North-East-Hilltop').isChecked(), true);
    assert.equal(await page.locator('#adj-North-Hilltop').isChecked(), false);
    // Still coloured by authority, each council in its own colour.
    const fills = await page.locator('#service-map .map-place').evaluateAll((ps) => ps.map((p) => getComputedStyle(p).fill));
    assert.equal(new Set(fills).size, 2, `two authorities' colours: ${fills}`);
  });

  test('a new supplier covers all of one authority with one button', async () => {
    await page.click('#tab-suppliers');
    await page.click('#add-supplier');
    const type = async (selector, text) => {
      await page.fill(selector, text);
      await page.press(selector, 'Tab');
    };
    await type('#supplier-name', 'Westshire Fostering Co-operative');
    await type('#supplier-revenue', '£6m');
    await type('#supplier-equity', '£2m');
    await page.check('#supplier-area-FOST');
    const add = page.locator('#supplier-localities-group-1');
    assert.equal((await add.textContent()).trim(), 'Add all of Westshire Council');
    await add.click();
    assert.equal(await page.locator('label[for="supplier-locality-8"]').textContent(), 'Hilltop (Westshire Council)');
    assert.equal(await page.locator('#supplier-locality-8').isChecked(), true);
    assert.equal(await page.locator('#supplier-locality-0').isChecked(), false, 'North is the other council\'s');
    await assertAccessible(page, 'supplier form in a regional plan');
    await page.click('#supplier-save');
    await page.locator('#supplier-table').waitFor();
    assert.match(await page.locator('#supplier-table').textContent(), /Westshire Fostering Co-operative/);
  });

  test('fostering lots may cross the border; the plan shows each authority\'s share', async () => {
    await page.click('#tab-rules');
    const cross = page.locator('#rule-cross-FOST');
    await cross.waitFor({ timeout: 20_000 });
    await cross.check();
    // Westshire accepts one credible bidder fewer than the region's k for its own lots (fostering
    // lots, which may cross the border, still need the region's).
    const ownK = page.locator('#rule-authority-k-Westshire-Council');
    assert.match(await page.locator('#rule-authority-k-Westshire-Council-hint').textContent(), /Follows k above/);
    const k = Number(await page.locator('#rule-k').inputValue());
    await ownK.fill(String(k - 1));
    await ownK.press('Tab');
    await page.locator('#rule-authority-k-Westshire-Council-clear').waitFor({ timeout: 20_000 });
    // And lots of its work worth at least £450,000 a year (its own smallest lot, v_min).
    const ownVMin = page.locator('#rule-authority-vmin-Westshire-Council');
    assert.match(await page.locator('#rule-authority-vmin-Westshire-Council-hint').textContent(), /Follows v_min above/);
    await ownVMin.fill('£450k');
    await ownVMin.press('Tab');
    await page.locator('#rule-authority-vmin-Westshire-Council-clear').waitFor({ timeout: 20_000 });
    assert.equal(await ownVMin.inputValue(), '£450,000');
    await page.locator('.rules-authorities').screenshot({ path: join(screenshots, 'regional-authority-rules.png') });
    await assertAccessible(page, 'rules with borders');
    await page.click('#tab-plan');
    await page.click('#solve');
    await page.waitForFunction(() => /Proven best|Best found/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 90_000 });
    const headers = await page.locator('#lots-table thead th').allTextContents();
    assert.ok(headers.some((h) => h.trim() === 'Authorities'), headers.join('|'));
    const totals = page.locator('#authority-totals');
    await totals.scrollIntoViewIfNeeded();
    const names = await page.locator('#authority-totals tbody th').allTextContents();
    assert.deepEqual(names, ['An English local authority (1/152 of England)', 'Westshire Council']);
    assert.match(await page.locator('#authorities-caption').textContent(), /Only lots of Fostering services may cross authority borders/);
    assert.match(await page.locator('#plan-report-rules').textContent(),
      new RegExp(`Westshire Council asks for at least ${k - 1} credible bidders? for each lot holding its work`));
    assert.match(await page.locator('#plan-report-rules').textContent(),
      /Lots holding Westshire Council's work are worth at least £450k a year/);
    const shares = await page.locator('#authority-totals tbody tr td:nth-child(3)').allTextContents();
    const sum = shares.map((s) => Number.parseFloat(s)).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 100) <= 1, `shares add up to 100%: ${shares}`);
    // No lot of any other service area holds two authorities' work.
    const cells = await page.locator('#lots-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('td').textContent, tr.querySelectorAll('td')[2].textContent]));
    for (const [work, authorities] of cells) {
      if (!/Fostering/.test(work)) assert.doesNotMatch(authorities, /%/, `${work}: ${authorities}`);
    }
    await page.locator('#plan-lots-heading').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshots, 'regional-plan.png') });
    assert.equal(await page.locator('#lot-map .map-place').count(), 13, 'both councils\' localities on the map');
    await page.locator('#plan-map').scrollIntoViewIfNeeded();
    await page.locator('#plan-map').screenshot({ path: join(screenshots, 'regional-lots-map.png') });
    await assertAccessible(page, 'regional plan');
  });

  test('each authority may have its own budget over the contract years', async () => {
    await page.click('#tab-scenarios');
    const field = page.locator('#proj-budget-Westshire-Council');
    await field.waitFor({ timeout: 20_000 });
    assert.match(await page.locator('#proj-budget-Westshire-Council-hint').textContent(), /Follows the rate above/);
    await field.fill('-5%');
    await field.press('Tab');
    await page.locator('#proj-budget-Westshire-Council-clear').waitFor({ timeout: 20_000 });
    assert.equal(await field.inputValue(), '-5');
    await page.locator('.sc-authority-budgets').screenshot({ path: join(screenshots, 'regional-authority-budgets.png') });
    await assertAccessible(page, 'authority budgets');
    await page.click('#proj-budget-Westshire-Council-clear');
    await page.locator('#proj-budget-Westshire-Council-clear').waitFor({ state: 'detached' });
  });

  test('an authority\'s own smallest lot that leaves no plan is named, and the fix leads to its rules', async () => {
    await page.click('#tab-rules');
    const ownVMin = page.locator('#rule-authority-vmin-Westshire-Council');
    await ownVMin.waitFor({ timeout: 20_000 });
    await ownVMin.fill('£3.9m');
    await ownVMin.press('Tab');
    await page.waitForFunction(() => document.querySelector('#rule-authority-vmin-Westshire-Council')?.value === '£3,900,000');
    await page.click('#tab-plan');
    await page.click('#solve');
    await page.waitForFunction(() => /No plan/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 90_000 });
    const findings = await page.locator('#plan-diagnosis').textContent();
    assert.match(findings, /£3\.90m, Westshire Council's own smallest lot/);
    assert.match(findings, /Lower Westshire Council's own smallest lot to/);
    await page.locator('#plan-diagnosis').screenshot({ path: join(screenshots, 'regional-own-vmin-diagnosis.png') });
    await assertAccessible(page, 'no plan under an authority\'s own smallest lot');
    // The fix link opens the rules step at the table of each authority's rules.
    await page.locator('#plan-diagnosis .plan-fix-link', { hasText: 'Change the lot rules' }).first().click();
    await page.waitForFunction(() => document.activeElement?.id === 'rule-authorities', null, { timeout: 20_000 });
    await page.click('#rule-authority-vmin-Westshire-Council-clear');
    await page.locator('#rule-authority-vmin-Westshire-Council-clear').waitFor({ state: 'detached' });
  });

  test('a finer region can be stopped early, keeping the best plan so far with each authority\'s share', async () => {
    // Every tier and function its own segment: a solve of the two councils slow enough to stop.
    await page.click('#tab-service');
    await page.check('#split-tier');
    await page.check('#split-function');
    await page.click('#tab-plan');
    await page.fill('#time-limit', '60');
    await page.press('#time-limit', 'Tab');
    await page.click('#solve');
    const stop = page.locator('#stop-solve');
    await stop.waitFor({ timeout: 20_000 });
    const stopped = await stop.click({ timeout: 5_000 }).then(() => true, () => false);
    await page.waitForFunction(() => {
      const s = document.querySelector('#plan-status')?.textContent ?? '';
      return s.trim().length > 0 && !document.querySelector('#solve-progress');
    }, null, { timeout: 90_000 });
    const status = await page.locator('#plan-status').textContent();
    if (!stopped || /^Proven best/.test(status)) {
      // The answer came before the click landed: nothing was left to stop.
      console.log(`the regional solve finished before it could be stopped: ${status}`);
      assert.match(status, /^Proven best plan/, status);
    } else {
      assert.match(status, /^Stopped early, best plan so far kept \(not proven best\): \d+ lots/, status);
    }
    // Large enough to be planned in parts on two workers at once (this machine has two cores).
    const stats = await page.locator('#plan-stats').textContent();
    const inScope = Number(/(\d[\d,]*) segments in scope/.exec(stats)[1].replace(/,/g, ''));
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    console.log(`regional solve: ${inScope} segments in scope, ${cores} cores: ${stats}`);
    assert.ok(inScope >= 500 && cores >= 2, `the split is exercised: ${inScope} segments, ${cores} cores`);
    assert.match(stats, /The service areas were planned in 2 parts at once, one worker each/, stats);
    // The kept plan still says what each council has in it, and is on the map.
    const names = await page.locator('#authority-totals tbody th').allTextContents();
    assert.deepEqual(names, ['An English local authority (1/152 of England)', 'Westshire Council']);
    assert.ok((await page.locator('#lots-table tbody tr').count()) > 0, 'the kept plan is listed');
    assert.equal(await page.locator('#lot-map .map-place').count(), 13);
    await assertAccessible(page, 'regional plan stopped early');
  });

  test('nothing was requested from the network and no page error', () => {
    assert.deepEqual(problems, []);
    const late = (server.requests ?? []).filter((r) => !/\.(js|wasm|css|html)$|^\/$/.test(r.path));
    assert.deepEqual(late, [], 'only the app itself was fetched');
  });
});
