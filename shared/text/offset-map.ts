/**
 * A monotone map from offsets in a text to offsets in an edited copy of it, described by the
 * stretches that were replaced. Internal to `shared/text`; offsets are code points.
 */
import { partitionPoint } from './partition-point';

/** The input stretch `[inStart, inEnd)` became the output stretch `[outStart, outEnd)`. */
export interface Replacement {
  readonly inStart: number;
  readonly inEnd: number;
  readonly outStart: number;
  readonly outEnd: number;
}

export class OffsetMap {
  /** Sorted by `inStart`, non-overlapping. */
  readonly #replacements: readonly Replacement[];

  constructor(replacements: readonly Replacement[]) {
    this.#replacements = Object.freeze([...replacements]);
  }

  /**
   * Output offset of input offset `offset`. Outside every replacement the offset moves by the
   * length change of the replacements before it; its edges map to the output stretch's edges;
   * strictly inside one it maps to the output stretch's start (`side` `'start'`) or end (`'end'`).
   */
  map(offset: number, side: 'start' | 'end'): number {
    const reps = this.#replacements;
    const last = reps[partitionPoint(reps.length, (i) => (reps[i] as Replacement).inStart < offset) - 1];
    if (last === undefined) return offset;
    if (offset < last.inEnd) return side === 'start' ? last.outStart : last.outEnd;
    return offset - last.inEnd + last.outEnd;
  }
}

/**
 * A single-replacement map from `before` to `after` covering everything between their common
 * prefix and common suffix (in code points): coarse, but correct for any edit.
 */
export function diffMap(before: string, after: string): OffsetMap {
  const a = [...before];
  const b = [...after];
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix++;
  }
  if (prefix === a.length && prefix === b.length) return new OffsetMap([]);
  return new OffsetMap([
    { inStart: prefix, inEnd: a.length - suffix, outStart: prefix, outEnd: b.length - suffix },
  ]);
}
