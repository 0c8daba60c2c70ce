import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileStamp, mapBounded, readFileBytes, statFile } from '../../electron/parallel-io';
import { random } from '../fixtures/text/load';

// The bounded-parallel helper the corpus-wide passes run on (listing, search, validation,
// export, agreement): results in input order whatever order the tasks finish in.

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapBounded', () => {
  it('gives the results in the order of the items, however the tasks finish', async () => {
    const next = random(6);
    const items = Array.from({ length: 200 }, (_, i) => i);
    const finished: number[] = [];
    const results = await mapBounded(items, 16, async (item, index) => {
      await pause(Math.floor(next() * 5));
      finished.push(item);
      return `${item}:${index}`;
    });
    expect(results).toEqual(items.map((i) => `${i}:${i}`));
    expect(finished).not.toEqual(items); // they did finish out of order
  });

  it('never runs more than the limit at once, and runs that many when it can', async () => {
    let running = 0;
    let most = 0;
    await mapBounded(Array.from({ length: 50 }, (_, i) => i), 7, async () => {
      running += 1;
      most = Math.max(most, running);
      await pause(1);
      running -= 1;
    });
    expect(most).toBe(7);
    expect(await mapBounded([], 3, async () => 1)).toEqual([]);
    await expect(mapBounded([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });

  it('rejects with the first failure, starts nothing after it, and waits for the tasks running', async () => {
    const started: number[] = [];
    let settled = 0;
    const failing = mapBounded(Array.from({ length: 100 }, (_, i) => i), 4, async (item) => {
      started.push(item);
      try {
        await pause(item === 5 ? 1 : 3);
        if (item === 5) throw new Error('item 5 failed');
        return item;
      } finally {
        settled += 1;
      }
    });
    await expect(failing).rejects.toThrow('item 5 failed');
    expect(settled).toBe(started.length); // nothing still running when it rejected
    expect(started.length).toBeLessThan(12);
  });
});

describe('fileStamp', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hashiya-stamp-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('changes when a file is replaced by a rename (even with the same bytes) or rewritten in place', async () => {
    const file = path.join(dir, 'a.jsonl');
    await writeFile(file, 'one');
    const first = fileStamp(await statFile(file));
    expect(fileStamp(await statFile(file))).toBe(first);
    await writeFile(path.join(dir, 'b'), 'one');
    await rename(path.join(dir, 'b'), file);
    const renamed = fileStamp(await statFile(file));
    expect(renamed).not.toBe(first);
    await writeFile(file, 'two');
    expect(fileStamp(await statFile(file))).not.toBe(renamed);
    expect((await readFileBytes(file)).toString('utf8')).toBe('two');
  });
});
