#!/usr/bin/env node
// `npm run soak`: the crash campaign of test/crash (a real `hashiya serve` SIGKILLed at random
// moments during annotate-and-save cycles) run long. Needs the build (`npm run build`).
//
//   SOAK_CYCLES  save cycles (default 2000)
//   SOAK_KILLS   about this many kills (default cycles / 5)
//   SOAK_SEED    PRNG seed of the edits (default: from the clock, printed so a run can be repeated)
//
// Prints `crash test: N cycles, K kills, L lost`; exits 0 only when nothing was lost and every
// check passed.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function whole(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) {
    console.error(`soak: ${name} must be a whole number, not "${raw}"`);
    process.exit(2);
  }
  return Number(raw);
}

const cycles = whole('SOAK_CYCLES', 2000);
const kills = whole('SOAK_KILLS', Math.round(cycles / 5));
const seed = whole('SOAK_SEED', Date.now() % 1_000_000_007);
const work = await mkdtemp(path.join(os.tmpdir(), 'hashiya-soak-'));
const report = path.join(work, 'report.json');

console.log(`soak: ${cycles} cycles, about ${kills} kills, seed ${seed} (repeat with SOAK_SEED=${seed})`);
const code = await new Promise((resolve, reject) => {
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/crash/vitest.config.ts'], {
    cwd: root,
    env: { ...process.env, CRASH_CYCLES: String(cycles), CRASH_KILLS: String(kills), CRASH_SEED: String(seed), CRASH_REPORT: report },
    stdio: 'inherit',
  });
  child.on('error', reject);
  child.on('exit', (status, signal) => resolve(signal ? 1 : (status ?? 1)));
});

let result;
try {
  result = JSON.parse(await readFile(report, 'utf8'));
} catch {
  result = undefined;
}
await rm(work, { recursive: true, force: true });
if (result === undefined) {
  console.error('soak: the campaign did not finish (see the output above)');
  process.exit(code === 0 ? 1 : code);
}
console.log(result.summary);
if (result.problems.length > 0) console.error(`soak: ${result.problems.length} problems:\n${result.problems.join('\n')}`);
process.exit(code !== 0 ? code : result.lost === 0 && result.problems.length === 0 ? 0 : 1);
