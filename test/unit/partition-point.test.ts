import { describe, expect, it } from 'vitest';
import { partitionPoint } from '../../shared/text/partition-point';

// The one binary search: against a linear scan on sorted lists with repeats, every query, and
// the edges (empty, negative count, all before, none before).

describe('partitionPoint', () => {
  it('is the first index not before x, for every x, as a linear scan finds it', () => {
    // Code point offsets of the astral characters of a text, with repeats (as offsets of spans are).
    const lists = [[], [5], [0, 0, 0], [1, 3, 3, 3, 7, 12, 12, 40], Array.from({ length: 257 }, (_, i) => Math.floor(i / 3) * 2)];
    for (const list of lists) {
      for (let x = -2; x <= 90; x++) {
        const scanned = list.findIndex((v) => v >= x);
        const asked: number[] = [];
        const found = partitionPoint(list.length, (i) => {
          asked.push(i);
          return (list[i] as number) < x;
        });
        expect(found, `x=${x} in [${list.join(',')}]`).toBe(scanned === -1 ? list.length : scanned);
        expect(asked.every((i) => i >= 0 && i < list.length)).toBe(true);
        expect(asked.length).toBeLessThanOrEqual(Math.ceil(Math.log2(list.length + 1)));
      }
    }
  });

  it('is 0 for no entries or a negative count, without asking', () => {
    const never = (): boolean => {
      throw new Error('asked');
    };
    expect(partitionPoint(0, never)).toBe(0);
    expect(partitionPoint(-1, never)).toBe(0);
  });
});
