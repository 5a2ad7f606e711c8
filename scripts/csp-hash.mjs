// Trunk post-build hook (Trunk.toml): the page's Content-Security-Policy allows no inline script
// but those Trunk writes itself (the module script that starts the wasm, and in `trunk serve`
// the live-reload script). This puts the SHA-256 of each inline <script> of the built
// index.html into the policy, in place of the placeholder 'inline-scripts'. Fails the build when
// the placeholder is missing, so the policy can never be left half made.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLACEHOLDER = "'inline-scripts'";
const file = join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
const html = readFileSync(file, "utf8");
// Only inside the policy's content attribute, never in a comment or elsewhere.
const policy = html.match(/http-equiv="Content-Security-Policy" content="[^"]*"/)?.[0] ?? '';
if (!policy.includes(PLACEHOLDER)) {
  console.error(`csp-hash: ${file} has no ${PLACEHOLDER} in its Content-Security-Policy`);
  process.exit(1);
}
const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
  if (/\bsrc\s*=/.test(m[1])) continue;
  hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
}
writeFileSync(file, html.replace(policy, policy.replace(PLACEHOLDER, hashes.join(' '))));
console.log(`csp-hash: ${hashes.length} inline script(s) hashed into the Content-Security-Policy`);
