// Browser benchmark of solving in parts (issue 14, part 4): the shipped example with the
// neighbouring council of the regional end-to-end test brought in (tests/data/regional), North
// and Hilltop bordering, split by tier and function (663 segments in scope, searched: too many
// possible lots to list), solved from the plan step with a time limit, once with
// the browser saying it has one core (so the app solves the whole problem on one worker) and
// once with the cores it has (the app plans the service areas in parts, one worker each).
// Reports the time from the click to the first plan on screen, to the answer, and the answer.
// Usage (after `trunk build --release`): node scripts/bench-parts.mjs [time limit, s] [runs]
import { readFileSync } from 'node:fs';
import { launch } from '../e2e/browser.mjs';
import { serveDir } from '../e2e/server.mjs';

const dist = process.env.E2E_DIST ?? 'dist';
const limit = Number(process.argv[2] ?? 20);
const runs = Number(process.argv[3] ?? 1);

const westshire = readFileSync('tests/data/regional/westshire-workspace.json');
const server = await serveDir(dist);
const browser = await launch();
const cores = await (async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url);
  return page.evaluate(() => navigator.hardwareConcurrency);
})();

async function once(oneCore) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (oneCore) {
    await context.addInitScript(() => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 1 }));
  }
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('#segment-count').waitFor();
  await page.locator('#authority-merge-file').setInputFiles({ name: 'westshire.json', mimeType: 'application/json', buffer: westshire });
  await page.locator('#authority-merge-confirm').click({ timeout: 20_000 });
  await page.locator('#authority-merge-title').waitFor({ state: 'detached' });
  await page.locator('#adj-North-Hilltop').check();
  await page.check('#split-tier');
  await page.check('#split-function');
  await page.click('#tab-plan');
  await page.fill('#time-limit', String(limit));
  await page.press('#time-limit', 'Tab');
  await page.waitForFunction(() => document.documentElement.dataset.solver === 'ready', null, { timeout: 30_000 });
  const started = Date.now();
  await page.click('#solve');
  await page.waitForFunction(() => /Best plan so far|Proven best|Best found/.test(document.body.textContent), null, { timeout: 120_000 });
  const first = (Date.now() - started) / 1000;
  await page.waitForFunction(() => !document.querySelector('#solve-progress') && (document.querySelector('#plan-status')?.textContent ?? '').trim().length > 0, null, { timeout: (limit + 120) * 1000 });
  const done = (Date.now() - started) / 1000;
  const status = (await page.locator('#plan-status').textContent()).trim();
  const stats = (await page.locator('#plan-stats').textContent()).trim();
  await context.close();
  return { first, done, status, parts: /planned in (\d+) parts/.exec(stats)?.[1] ?? '1' };
}

console.log(`${cores} cores, time limit ${limit} s\n`);
console.log('| workers | click to first plan (s) | click to answer (s) | parts | answer |\n|---|---|---|---|---|');
for (let i = 0; i < runs; i++) {
  for (const oneCore of [true, false]) {
    const r = await once(oneCore);
    console.log(`| ${oneCore ? 'one (told 1 core)' : `up to ${cores}`} | ${r.first.toFixed(2)} | ${r.done.toFixed(1)} | ${r.parts} | ${r.status} |`);
  }
}
await browser.close();
await server.close();
