// Browser benchmarks of the release build in dist/ (run `trunk build --release` first):
// bundle sizes (raw and gzip -9), time to first render, and the solve of the shipped scenario
// in the Web Worker (the solver's own time, and click-to-answer). Prints a Markdown table.
// Usage: node scripts/bench-browser.mjs [runs]
//   ONLY=XL-2,R-1 solves only those of the large instances (and skips the county example's
//   build unless one of its counties is named); SKIP_COUNTY=1 skips the large instances.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { launch } from '../e2e/browser.mjs';
import { serveDir } from '../e2e/server.mjs';

const dist = process.env.E2E_DIST ?? 'dist';
const runs = Number(process.argv[2] ?? 5);

const files = readdirSync(dist).filter((f) => /\.(wasm|js)$/.test(f));
let total = 0;
console.log('| file | bytes | gzip -9 |\n|---|---|---|');
for (const f of files.sort()) {
  const bytes = readFileSync(join(dist, f));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  console.log(`| ${f.replace(/-[0-9a-f]{16}/, '')} | ${bytes.length} | ${gz} |`);
}
console.log(`| **all .wasm + .js** | | **${total}** |\n`);

const server = await serveDir(dist);
const browser = await launch();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const render = [], solver = [], click = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('#segment-count').waitFor();
  render.push(await page.evaluate(() => performance.now()));
  await page.waitForLoadState('networkidle');
  await page.click('#tab-plan');
  const t0 = Date.now();
  await page.click('#solve');
  await page.locator('#plan-stats').waitFor();
  click.push(Date.now() - t0);
  solver.push(1000 * Number(await page.locator('#plan-stats').getAttribute('data-seconds')));
  await context.close();
}

// The largest shared instances and the county-size problems, solved by the app's own Web
// Worker (the wasm build of the solver): the time to the first valid plan (first progress
// message), the status, the gap at the end and the seconds taken.
// The county split by all four axes is not stored (3,360 segments): the county example
// writes it (a release build of the example, so cargo must be at hand).
const generated = mkdtempSync(join(tmpdir(), 'lotwise-bench-'));
const large = [
  ['tests/data/lot-instances', 'L-1', 30],
  ['tests/data/lot-instances', 'L-3', 30],
  ['tests/data/lot-instances', 'M-1-mix', 30],
  ['tests/data/county', 'county-40x10', 30],
  ['tests/data/county', 'county-40x10x4', 60],
  [generated, 'county-40x10x4-f3', 60],
  // The issue-14 instances with tight awards (no known optimum).
  ['tests/data/lot-instances', 'XL-2', 60],
  ['tests/data/lot-instances', 'R-1', 60],
].filter(([, name]) => !process.env.ONLY || process.env.ONLY.split(',').includes(name));
// The peak resident memory of Chromium's renderer processes (the page and its workers) while
// `during` runs, sampled every 200 ms with ps (Linux), in MB.
async function peakRendererMb(during) {
  let peak = 0;
  const sample = () => {
    try {
      const out = execFileSync('ps', ['-eo', 'rss=,args='], { encoding: 'utf8' });
      const rss = out.split('\n').filter((l) => /chrom/.test(l) && /--type=renderer/.test(l))
        .map((l) => Number(l.trim().split(/\s+/)[0]) / 1024);
      peak = Math.max(peak, ...rss, 0);
    } catch { /* ps missing: no figure */ }
  };
  const timer = setInterval(sample, 200);
  try {
    return { result: await during(), peakMb: peak };
  } finally {
    clearInterval(timer);
  }
}
if (!process.env.SKIP_COUNTY && large.some(([dir]) => dir === generated)) {
  execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'county', '--', '--write-all-axes', generated], { stdio: 'inherit' });
}
const county = [];
for (const [dir, name, limit] of large) {
  if (process.env.SKIP_COUNTY) break;
  const problem = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.locator('html[data-solver="ready"]').waitFor({ state: 'attached', timeout: 30_000 });
  const { result, peakMb } = await peakRendererMb(() => page.evaluate(({ problem, limit }) => new Promise((resolve) => {
    const worker = new Worker('./worker_loader.js');
    let first = null;
    let report = null;
    worker.onmessage = (event) => {
      if (event.data === 'ready') {
        worker.postMessage(JSON.stringify({ run: 1, time_limit_seconds: limit, problem }));
        return;
      }
      const message = JSON.parse(event.data);
      if (message.type === 'phase') {
        report ??= message.phase.seconds;
      } else if (message.type === 'progress') {
        first ??= { seconds: message.solution.stats.seconds, lots: message.solution.num_lots };
      } else {
        const sol = message.result.Ok ?? {};
        resolve({ report, first, status: sol.status, lots: sol.num_lots, bound: sol.lower_bound, seconds: message.seconds });
        worker.terminate();
      }
    };
  }), { problem, limit }));
  county.push({ name, limit, peakMb, ...result });
  await context.close();
}
await browser.close();
await server.close();
if (county.length) {
  console.log('| instance (in the browser worker) | limit (s) | first report (s) | first plan (s) | lots then | status | lots | lower bound | gap | seconds | renderer peak (MB) |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of county) {
    console.log(`| ${c.name} | ${c.limit} | ${c.report?.toFixed(2) ?? '-'} | ${c.first?.seconds.toFixed(2) ?? '-'} | ${c.first?.lots ?? '-'} | ${c.status} | ${c.lots ?? '-'} | ${c.bound ?? '-'} | ${c.lots != null ? c.lots - c.bound : '-'} | ${c.seconds.toFixed(1)} | ${c.peakMb ? c.peakMb.toFixed(0) : '-'} |`);
  }
  console.log();
}
console.log('| measure (median of ' + runs + ') | ms |\n|---|---|');
console.log(`| first render (navigation start to the segments panel) | ${median(render).toFixed(0)} |`);
console.log(`| solve of the shipped scenario inside the worker | ${median(solver).toFixed(1)} |`);
console.log(`| click "Propose lots" to the plan on screen | ${median(click).toFixed(0)} |`);
