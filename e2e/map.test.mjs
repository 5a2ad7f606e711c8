// End to end: lots on a map. A commissioner loads the boundaries of the shipped example's eight
// localities from a GeoJSON file (made up for tests: tests/data/geo/example-localities.geojson),
// reads what matched, accepts the borders the boundaries imply, proposes lots and sees the
// localities coloured by lot, with a legend and a table of the same. A 50 MB file and a file
// that crosses itself are refused with a message and change nothing. Axe-clean; nothing
// requested from the network. Serves the build in E2E_DIST (default dist/). Screenshots:
// e2e/screenshots/map-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAccessible, collectProblems, launch } from './browser.mjs';
import { serveDir } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const screenshots = join(here, 'screenshots');
const fixture = readFileSync(join(here, '..', 'tests', 'data', 'geo', 'example-localities.geojson'));

describe('lots on a map', () => {
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

  // Chooses a file in the boundaries' input (a path, or a name and its contents) and waits until
  // the app says something new.
  const choose = async (name, buffer) => {
    const before = await page.locator('#boundaries-result, #boundaries-error').allTextContents();
    await page.locator('#boundaries-file').setInputFiles(buffer ? { name, mimeType: 'application/geo+json', buffer } : name);
    await page.waitForFunction(
      (b) => [...document.querySelectorAll('#boundaries-result, #boundaries-error')].map((e) => e.textContent).join('|') !== b.join('|'),
      before,
      { timeout: 20_000 },
    );
  };

  test('without boundaries the map is a sketch of the borders', async () => {
    const map = page.locator('#service-map');
    await map.waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('#service-map .map-place').count(), 8);
    assert.equal(await page.locator('#service-map .map-link').count(), 12);
    assert.equal(await map.getAttribute('role'), 'img');
    assert.match(await map.getAttribute('aria-label'), /each circle is a locality, each line a border/);
  });

  test('hostile files are refused with a message and change nothing', async () => {
    // 50 MB: refused by its size, before it is read.
    // (Playwright passes a file this large by its path.)
    const huge = join(mkdtempSync(join(tmpdir(), 'lotwise-map-')), 'huge.geojson');
    writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, 32));
    await choose(huge);
    assert.match(await page.locator('#boundaries-error').textContent(), /^The file is 50\.0 MB; the largest Lotwise reads is 20 MB\./);
    const crossing = JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: 'North' }, geometry: { type: 'Polygon', coordinates: [[[0, 52], [1, 53], [1, 52], [0, 53], [0, 52]]] } }],
    });
    await choose('crossing.geojson', Buffer.from(crossing));
    assert.match(await page.locator('#boundaries-error').textContent(), /^crossing\.geojson was not loaded\. Feature 1 \("North"\), its outer ring crosses itself near longitude/);
    await choose('wrong.geojson', Buffer.from('{"type":"FeatureCollection","features":[{"properties":{"name":"North"},"geometry":{"type":"Polygon","coordinates":[[["a",52]]]}}]}'));
    assert.match(await page.locator('#boundaries-error').textContent(), /wrong kind of value at features\[0\]\.geometry\.coordinates\[0\]\[0\]\[0\]/);
    assert.equal(await page.locator('#service-map .map-link').count(), 12, 'still the sketch');
    assert.equal(await page.locator('#boundaries-remove').count(), 0);
    await assertAccessible(page, 'boundaries refused');
  });

  test('the boundaries load, match and offer their borders', async () => {
    await choose('example-localities.geojson', fixture);
    const said = await page.locator('#boundaries-result').textContent();
    assert.match(said, /^Matched 8 of 8 localities to 9 features in the file, by its "ward_name" property\./);
    assert.match(said, /Not a locality of yours, so left out: "Neighbouring authority"/);
    assert.equal(await page.locator('#service-map .map-link').count(), 0, 'a map, not a sketch');
    assert.match(await page.locator('#boundaries-offer-add').textContent(), /East and South/);
    assert.match(await page.locator('#boundaries-offer-remove').textContent(), /Central and North East/);
    await page.locator('#boundaries-offer').scrollIntoViewIfNeeded();
    await page.locator('section[aria-labelledby="map-title"]').screenshot({ path: join(screenshots, 'map-boundaries.png') });
    await assertAccessible(page, 'boundaries loaded');
    // By keyboard: focus Accept and press Enter.
    await page.locator('#boundaries-accept').focus();
    await page.keyboard.press('Enter');
    await page.locator('#boundaries-offer').waitFor({ state: 'detached' });
    assert.equal(await page.locator('#adj-East-South').isChecked(), true);
    assert.equal(await page.locator('#adj-Central-North-East').isChecked(), false);
  });

  test('the proposed lots are coloured on the map, with a legend and a table', async () => {
    await page.click('#tab-plan');
    await page.click('#solve');
    await page.waitForFunction(() => /Proven best/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 60_000 });
    const section = page.locator('#plan-map');
    await section.scrollIntoViewIfNeeded();
    const map = page.locator('#lot-map');
    assert.equal(await map.getAttribute('role'), 'img');
    assert.match(await map.getAttribute('aria-label'), /^A map of the localities, coloured by lot for .+\. The table below lists each locality's lots\.$/);
    const places = page.locator('#lot-map .map-place');
    assert.equal(await places.count(), 8);
    const fills = await places.evaluateAll((ps) => ps.map((p) => getComputedStyle(p).fill));
    assert.ok(new Set(fills).size >= 2, `at least two lots' colours: ${fills}`);
    // The table says the same as the colours: each locality's first lot has the colour drawn.
    const rows = await page.locator('#map-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th').textContent.trim(), tr.querySelector('td').textContent.trim()]));
    assert.equal(rows.length, 8);
    const legend = await page.locator('#map-legend .plan-chip').evaluateAll((cs) =>
      Object.fromEntries(cs.map((c) => [c.textContent.trim(), getComputedStyle(c).backgroundColor])));
    for (const [locality, lots] of rows) {
      const first = lots.split(/,| and |;/)[0].trim();
      const fill = await page.locator(`#lot-map .map-place[data-locality="${locality}"]`).evaluate((p) => getComputedStyle(p).fill);
      assert.equal(fill, legend[first], `${locality} is drawn in ${first}'s colour`);
    }
    await section.screenshot({ path: join(screenshots, 'map-lots.png') });
    // Another service area: the table and the map follow.
    const options = await page.locator('#map-area option').allTextContents();
    assert.ok(options.length >= 2);
    const shown = options[Number(await page.locator('#map-area').inputValue())];
    const other = options.find((o) => o !== shown);
    await page.selectOption('#map-area', { label: other });
    await page.waitForFunction((o) => (document.querySelector('#map-caption')?.textContent ?? '').endsWith(o), other);
    await assertAccessible(page, 'lots on the map');
  });

  test('nothing was requested from the network and no page error', () => {
    assert.deepEqual(problems, []);
    const late = (server.requests ?? []).filter((r) => !/\.(js|wasm|css|html)$|^\/$/.test(r.path));
    assert.deepEqual(late, [], 'only the app itself was fetched');
  });
});
