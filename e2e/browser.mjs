// What every end-to-end test needs from the browser: headless Chromium started the same way,
// console errors and page errors collected, and the axe-core accessibility check.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Chromium warns that it ignores the `integrity` attribute on Trunk's `<link rel="preload"
// as="fetch">` for the .wasm (crbug.com/981419); harmless, and the .js and .css keep their SRI.
export const KNOWN_WARNINGS = [/The `integrity` attribute is currently ignored for preload destinations/];

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Headless Chromium, as every end-to-end test starts it. */
export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Pushes every console error or warning (known harmless ones aside) and page error onto `problems`. */
export function collectProblems(page, problems) {
  page.on('console', (m) => {
    if ((m.type() === 'error' || m.type() === 'warning') && !KNOWN_WARNINGS.some((re) => re.test(m.text()))) {
      problems.push(`console ${m.type()}: ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}

/** Runs axe-core on the page and returns its results. axe is evaluated through DevTools (not
 *  added as a <script>), so the page's Content-Security-Policy, which allows no such script,
 *  stays as it is. */
export async function runAxe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(readFileSync(axePath, 'utf8'));
  return page.evaluate(() => window.axe.run(document));
}

/** Fails on any serious or critical axe-core violation, naming `step` and the elements. */
export async function assertAccessible(page, step) {
  const results = await runAxe(page);
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${step}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  assert.deepEqual(bad, [], 'serious or critical accessibility violations');
}
