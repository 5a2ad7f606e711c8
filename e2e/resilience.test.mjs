// End to end: market resilience on the shipped example. A commissioner proposes lots, reads the
// market the plan would leave (providers, largest share, concentration), runs the
// provider-failure stress test, reads which provider's failure would strand most, picks an
// alternative plan with more providers, puts two
// suppliers under one owner and sees a lot's credible-bidder count change, and finds the
// concentration row in the scenario comparison. Axe-clean; nothing requested from the
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

  test('an alternative plan with more providers can be found and used', async () => {
    const find = page.locator('#alternatives-find');
    await find.scrollIntoViewIfNeeded();
    await find.click();
    const table = page.locator('#alternatives-table');
    await table.waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => document.activeElement?.id === 'alternatives-caption', null, { timeout: 5_000 });
    const rows = table.locator('tbody tr');
    assert.ok((await rows.count()) >= 2, 'the fewest-lots plan and at least one alternative');
    assert.equal((await rows.nth(0).locator('th').textContent()).trim(), 'Fewest lots');
    const cells = async (i) => (await rows.nth(i).locator('td').allTextContents()).map((t) => t.trim());
    const [, fewestShare, fewestProviders] = await cells(0);
    const title = (await rows.nth(1).locator('th').textContent()).trim();
    assert.match(title, /^No provider above \d+%$/);
    const [, share, providers, , smes, proven, failure, trade] = await cells(1);
    assert.ok(parseInt(share) < parseInt(fewestShare), `${share} below ${fewestShare}`);
    assert.match(smes, /^\d+%$/, 'the value open to SMEs is shown beside each plan');
    assert.ok(Number(providers) >= Number(fewestProviders));
    assert.match(proven, /^(Yes|No)$/);
    assert.match(failure, /^(Nothing stranded|£.+ a year stranded if .+ fails)$/);
    assert.match(trade, /than the fewest/);
    // Which plan on offer survives the failure of any one provider, and for how many lots.
    assert.match(await page.locator('#alternatives-survivor').textContent(), /survives/);
    await page.locator('#plan-alternatives').screenshot({ path: join(screenshots, 'resilience-alternatives.png') });
    await assertAccessible(page, 'alternative plans');
    // Use it: it becomes the scenario's plan, with its cap among the rules it meets.
    await page.locator('#alternative-use-1').click();
    const cap = title.match(/(\d+)%/)[1];
    await page.waitForFunction((c) => (document.querySelector('#plan-report-rules')?.textContent ?? '').includes(`more than ${c}% of the value`), cap, { timeout: 10_000 });
    const awards = new Set((await page.locator('#lots-table tbody td.plan-award').allTextContents()).map((t) => t.trim()));
    assert.equal(awards.size, Number(providers), 'the lots table shows the alternative\'s providers');
  });

  test('two suppliers put under one owner count once towards a lot\'s credible bidders', async () => {
    // A lot with at least two credible bidders: its count and two of their names.
    const row = page.locator('#lots-table tbody tr').filter({ has: page.locator('.plan-bidders li:nth-child(2)') }).first();
    const lot = (await row.locator('th').textContent()).trim();
    const bidders = (await row.locator('.plan-bidders li').allTextContents()).map((t) => t.trim());
    const count = Number((await row.locator('summary').textContent()).match(/(\d+) bidders?/)[1]);
    assert.equal(count, bidders.length);
    await page.click('#tab-suppliers');
    for (const name of bidders.slice(0, 2)) {
      const supplier = page.locator('#supplier-table tbody tr').filter({ has: page.locator('th', { hasText: name }) }).first();
      await supplier.locator('[id^="supplier-edit-"]').click();
      await page.locator('#supplier-group').fill('Shared Owner Holdings');
      await page.click('#supplier-save');
      await page.locator('#supplier-table').waitFor();
      assert.match(await supplier.locator('th').textContent(), /Shared Owner Holdings group/);
    }
    await page.click('#tab-plan');
    await page.click('#solve');
    await page.waitForFunction(() => /Proven best/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 60_000 });
    // Some lot now has both members among its bidders, and says the group counts once.
    assert.match(await page.locator('#lots-caption').textContent(), /Suppliers of one group \(a parent company or owner\) count as one bidder/);
    const grouped = page.locator('#lots-table tbody tr').filter({ has: page.locator('summary', { hasText: /suppliers\)/ }) }).first();
    await grouped.waitFor({ timeout: 10_000 });
    const summary = await grouped.locator('summary').textContent();
    const [, independent, suppliers] = summary.match(/(\d+) bidders? \((\d+) suppliers/);
    assert.equal(Number(independent), Number(suppliers) - 1, `${summary} (was ${lot}: ${count})`);
    assert.match(await grouped.locator('.plan-bidders').textContent(), /\(Shared Owner Holdings group\)/);
    await page.locator('#lots-table').screenshot({ path: join(screenshots, 'resilience-group.png') });
    // A member holding a lot: the stress test fails the whole group as one more case.
    const awards = await page.locator('#lots-table tbody td.plan-award').allTextContents();
    if (awards.some((a) => bidders.slice(0, 2).includes(a.trim()))) {
      await page.locator('#stress-run').click();
      await page.locator('#stress-summary').waitFor();
      assert.match(await page.locator('#stress-table').textContent(), /Shared Owner Holdings group \(.+ and .+\)/);
      await page.locator('#plan-stress').screenshot({ path: join(screenshots, 'resilience-group-stress.png') });
    }
    await assertAccessible(page, 'plan with a supplier group');
  });

  test('the comparison shows concentration beside the other figures', async () => {
    await page.click('#tab-scenarios');
    const table = page.locator('#compare-table');
    await table.waitFor();
    assert.match(await table.textContent(), /Concentration of awarded value \(HHI/);
    await assertAccessible(page, 'compare with concentration');
  });

  test('every fostering lot can be required to be open to an SME', async () => {
    await page.click('#tab-rules');
    const box = page.locator('#rule-sme-FOST');
    await box.scrollIntoViewIfNeeded();
    assert.equal(await page.locator('label[for="rule-sme-FOST"]').textContent(), 'Every Fostering services lot open to an SME');
    assert.match(await page.locator('#rule-sme-open-hint').textContent(), /The register has \d+ SMEs? by turnover/);
    await box.focus();
    await page.keyboard.press('Space');
    assert.ok(await box.isChecked(), 'ticked from the keyboard');
    await page.locator('#rule-sme-open').screenshot({ path: join(screenshots, 'resilience-sme-rule.png') });
    await assertAccessible(page, 'rules with lots open to SMEs');
    await page.click('#rules-solve');
    await page.waitForFunction(() => /Proven best|Best found/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.waitForFunction(() => /Every lot of Fostering services has at least one credible bidder that is an SME/.test(document.querySelector('#plan-report-rules')?.textContent ?? ''), null, { timeout: 10_000 });
  });

  test('fostering lots can be framework lots that appoint three providers each', async () => {
    await page.click('#tab-rules');
    const sme = page.locator('#rule-sme-FOST');
    await sme.focus();
    await page.keyboard.press('Space');
    assert.ok(!(await sme.isChecked()), 'the SME rule is off again');
    const field = page.locator('#rule-appoint-FOST');
    await field.scrollIntoViewIfNeeded();
    assert.equal(await page.locator('label[for="rule-appoint-FOST"]').textContent(), 'Fostering services: providers per lot');
    assert.match(await page.locator('#rule-appoint-hint').textContent(), /each delivers an equal share/);
    // Out of range: said beside the field, nothing changed.
    await field.fill('0');
    await page.keyboard.press('Tab');
    await page.waitForSelector('#rule-appoint-FOST-error');
    assert.match(await page.locator('#rule-appoint-FOST-error').textContent(), /1/);
    await field.fill('3');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => !document.querySelector('#rule-appoint-FOST-error'));
    await page.locator('#rule-appoint').screenshot({ path: join(screenshots, 'resilience-framework-rule.png') });
    await assertAccessible(page, 'rules with framework lots');
    await page.click('#rules-solve');
    await page.waitForFunction(() => /framework lot that appoints 3 different providers/.test(document.querySelector('#plan-report-rules')?.textContent ?? ''), null, { timeout: 60_000 });
    await page.waitForFunction(() => /Proven best|Best found/.test(document.querySelector('#plan-status')?.textContent ?? ''), null, { timeout: 60_000 });
    // Each fostering lot names its three providers in the award column.
    const awards = await page.locator('td.plan-award').allTextContents();
    assert.ok(awards.some((a) => /^[^,]+, [^,]+ and .+$/.test(a)), `three providers named in one lot: ${awards.join(' | ')}`);
    await page.locator('#lots-table').screenshot({ path: join(screenshots, 'resilience-framework-lots.png') });
    await page.locator('.plan-chart').first().screenshot({ path: join(screenshots, 'resilience-framework-ladder.png') });
    // The stress test fails each appointee: its share of a framework lot goes to another.
    await page.locator('#stress-run').click();
    await page.locator('#stress-summary').waitFor();
    await page.locator('#plan-stress').screenshot({ path: join(screenshots, 'resilience-framework-stress.png') });
    await assertAccessible(page, 'stress test of framework lots');
    await assertAccessible(page, 'plan with framework lots');
  });

  test('nothing was requested from the network and no page error', () => {
    assert.deepEqual(problems, []);
    const late = (server.requests ?? []).filter((r) => !/\.(js|wasm|css|html)$|^\/$/.test(r.path));
    assert.deepEqual(late, [], 'only the app itself was fetched');
  });
});
