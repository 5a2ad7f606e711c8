// The page's weight, first render and click-to-plan, for one or more builds side by side in
// one run (so the same machine load applies to each): bytes and gzip -9 of every .wasm and
// .js; the time from navigation start to the first step's content (the segment count); and
// from clicking "Propose lots" to the plan on screen; medians of N fresh loads taken in turn.
// Usage: node scripts/bench-page.mjs [--runs N] NAME=DIST_DIR [NAME=DIST_DIR ...]
//   e.g. node scripts/bench-page.mjs before=/tmp/dist-before after=dist
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serveDir } from '../e2e/server.mjs';

const args = process.argv.slice(2);
let runs = 7;
const builds = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else {
    const [name, dir] = args[i].split('=');
    builds.push({ name, dir });
  }
}
if (builds.length === 0) builds.push({ name: 'dist', dir: 'dist' });

/** Files of a build: name without its hash, bytes, gzip -9 bytes. */
function weigh(dir) {
  return readdirSync(dir)
    .filter((f) => /\.(wasm|js)$/.test(f))
    .sort()
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      return { file: f.replace(/-[0-9a-f]{16}/, ''), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
}

const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const b of builds) {
  b.files = weigh(b.dir);
  b.server = await serveDir(b.dir);
  b.render = [];
  b.click = [];
}
for (let i = 0; i < runs; i++) {
  for (const b of builds) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Note the moment the first step's content appears, from inside the page (Playwright's
    // own polling would add its interval to the time).
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.getElementById('segment-count')) {
          window.__firstRender = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(b.server.url);
    await page.locator('#segment-count').waitFor();
    b.render.push(await page.evaluate(() => window.__firstRender));
    await page.locator('html[data-solver="ready"]').waitFor();
    await page.click('#tab-plan');
    const t0 = Date.now();
    await page.click('#solve');
    await page.locator('#plan-stats').waitFor();
    b.click.push(Date.now() - t0);
    if (!b.timeline) {
      b.timeline = await page.evaluate(() =>
        performance.getEntriesByType('resource').map((e) => `${e.name.split('/').pop()} ${e.startTime.toFixed(0)}-${e.responseEnd.toFixed(0)}`),
      );
    }
    await context.close();
  }
}
await browser.close();

console.log('| build | file | bytes | gzip -9 |\n|---|---|---|---|');
for (const b of builds) {
  for (const f of b.files) console.log(`| ${b.name} | ${f.file} | ${f.bytes} | ${f.gzip} |`);
  const total = b.files.reduce((s, f) => s + f.gzip, 0);
  console.log(`| ${b.name} | **all .wasm + .js** | | **${total}** |`);
}
console.log(`\n| build | first render (ms) | min-max | click "Propose lots" to the plan (ms) | min-max |\n|---|---|---|---|---|`);
const range = (xs) => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
for (const b of builds) {
  console.log(`| ${b.name} | ${median(b.render).toFixed(0)} | ${range(b.render)} | ${median(b.click).toFixed(0)} | ${range(b.click)} |`);
  b.server.close();
}
if (process.env.TIMELINE) for (const b of builds) console.log(b.name, b.timeline);
