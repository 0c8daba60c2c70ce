/**
 * Crash test: a real `hashiya serve` is killed with SIGKILL at random moments during
 * annotate-and-save cycles through the host API; after each restart every acknowledged annotation
 * must be there and every file must parse (see campaign.ts). Needs the build (`dist/`).
 *
 * CRASH_CYCLES (default 150), CRASH_KILLS (default cycles/5), CRASH_SEED (default 1) tune it;
 * CRASH_REPORT names a file the result is written to as JSON (scripts/soak.mjs reads it).
 */
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCrashCampaign, summaryLine } from './campaign.js';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, not "${raw}"`);
  return Number(raw);
}

describe('hashiya serve killed at random moments', () => {
  it('loses no acknowledged annotation and leaves every file parsing', async () => {
    expect(existsSync(path.join(REPO_ROOT, 'dist', 'node')), 'run `npm run build` first').toBe(true);
    const cycles = envInt('CRASH_CYCLES', 150);
    const kills = envInt('CRASH_KILLS', Math.round(cycles / 5));
    const seed = envInt('CRASH_SEED', 1);
    const result = await runCrashCampaign({ cycles, kills, seed, log: (line) => console.log(line) });
    const summary = summaryLine(result);
    console.log(
      `${summary} (seed ${result.seed}, ${result.acknowledged} acknowledged saves, ${result.killsDuringSave} kills with a save unanswered, ` +
        `${result.inFlightSavesKept} in-flight saves found on disk, ${result.tempFilesLeft} temp files left by kills, ${result.seconds.toFixed(1)} s)`,
    );
    if (process.env.CRASH_REPORT) await writeFile(process.env.CRASH_REPORT, `${JSON.stringify({ ...result, summary })}\n`);
    expect(result.problems).toEqual([]);
    expect(result.lost).toBe(0);
    expect(result.cycles).toBe(cycles);
    expect(result.kills).toBeGreaterThan(0);
  });
});
