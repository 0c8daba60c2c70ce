/**
 * Krippendorff's unitizing α (αu) for one category over a continuum: how far two or more coders
 * agree on where the units of that category lie, with partial credit for overlap and with the
 * gaps between units taken into account. Here the continuum is a text's code points and a unit
 * is a span of one label, `[start, end)`.
 *
 * The formulation is that of Krippendorff (1995, 2004) as DKPro Agreement implements it
 * (`KrippendorffAlphaUnitizingAgreement`, which INCEpTION uses); the values of DKPro's tests of
 * that class are reproduced in `test/unit/agreement-alpha-u.test.ts`. For `R` coders over a
 * continuum of length `L`, each coder's continuum is cut into their units of the category and the
 * gaps between them. Then
 *
 * - the distance of two overlapping units is `δ = (s₁ − s₂)² + (e₁ − e₂)²` (squared differences
 *   of their starts and ends); a unit that lies wholly inside a gap of the other coder (it overlaps
 *   no unit of theirs) is `δ = l²`; a unit against a gap it only partly overlaps, and two gaps,
 *   are `0`;
 * - observed disagreement `D_O = 2 Σ_{coder pairs} Σ δ / (R (R − 1) L²)`, over every pair of
 *   segments of two coders that overlap;
 * - expected disagreement, with `N` the units of all coders, `l` a unit's length and `g` a gap's:
 *   `D_E = (2 / L) Σ_units [ (N − 1)(2l³ − 3l² + l) / 3 + l² Σ_{gaps g ≥ l} (g − l + 1) ]
 *   / (R L (R L − 1) − Σ_units l (l − 1))`;
 * - `αu = 1 − D_O / D_E`. Across several categories (DKPro's overall figure) `D_O` and `D_E` are
 *   averaged over the categories that have any unit, then `αu = 1 − D̄_O / D̄_E`.
 *
 * αu is 1 when the coders' units coincide, falls below 0 when they disagree more than chance
 * would (disjoint units), and lies between for partial overlap.
 *
 * @see Krippendorff, K. (1995). On the reliability of unitizing contiguous data. Sociological
 * Methodology 25, 47–76.
 * @see Krippendorff, K. (2004). Measuring the reliability of qualitative text analysis data.
 * Quality & Quantity 38, 787–800.
 * @see https://github.com/dkpro/dkpro-statistics (`org.dkpro.statistics.agreement.unitizing`)
 */
import { partitionPoint } from '../text/partition-point';

/** A unit or a gap of the continuum: positions `[start, end)` (code points of the text here). */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** The units of one category that each coder marked on one continuum. */
export interface UnitizingStudy {
  /** Length `L` of the continuum; every unit lies in `[0, length)`. */
  readonly length: number;
  /**
   * One list per coder (at least two for a figure), in any order. A coder's units must not
   * overlap each other (touching is fine): {@link mergeUnits} makes them so.
   */
  readonly coders: readonly (readonly Interval[])[];
  /**
   * Positions inside the continuum where gaps are cut: the borders between documents laid end to
   * end, so that no gap (and no expected placement of a unit) runs from one document into the
   * next. Does not change `D_O`. Default: none (one continuum, as in DKPro).
   */
  readonly sections?: readonly number[];
}

/** Observed and expected disagreement of one category; both 0 when nobody marked a unit. */
export interface UnitizingDisagreement {
  readonly observed: number;
  readonly expected: number;
}

/**
 * `D_O` and `D_E` of `study` (see the module comment). Both are 0 when the study has fewer than
 * two coders, an empty continuum or no unit. Throws a RangeError for a unit that is empty, lies
 * outside the continuum, or overlaps another unit of the same coder.
 */
export function alphaUDisagreement(study: UnitizingStudy): UnitizingDisagreement {
  const L = study.length;
  return packedDisagreement(
    L,
    study.coders.map((units, c) => packed(checkedUnits(units, L, c))),
    study.sections,
  );
}

/**
 * One coder's units as numbers, each unit's start then its end (`[s₀, e₀, s₁, e₁, …]`): a corpus
 * holds a million units, and an object for each is most of the work of reading them.
 */
export type PackedUnits = readonly number[];

/** A {@link UnitizingStudy} with each coder's units packed ({@link PackedUnits}), in order. */
export interface PackedUnitizingStudy {
  readonly length: number;
  /** One list per coder: units in order (by start), not overlapping (touching is fine), as {@link mergeUnitsPacked} gives. */
  readonly coders: readonly PackedUnits[];
  readonly sections?: readonly number[];
}

/**
 * {@link alphaUDisagreement} of the same units, packed: the same disagreements to the last bit.
 * Throws a RangeError as it does, and for units out of order.
 */
export function alphaUDisagreementPacked(study: PackedUnitizingStudy): UnitizingDisagreement {
  const L = study.length;
  study.coders.forEach((units, c) => checkPacked(units, L, c));
  return packedDisagreement(L, study.coders, study.sections);
}

/** `D_O` and `D_E` of checked units (sorted, inside `[0, L)`, not overlapping within a coder). */
function packedDisagreement(L: number, coders: readonly PackedUnits[], sections: readonly number[] = []): UnitizingDisagreement {
  const R = coders.length;
  if (R < 2 || L <= 0 || coders.every((units) => units.length === 0)) return { observed: 0, expected: 0 };

  let distances = 0;
  for (let a = 0; a < R; a++) {
    for (let b = a + 1; b < R; b++) distances += pairDistance(coders[a] as PackedUnits, coders[b] as PackedUnits);
  }
  const observed = (2 * distances) / (R * (R - 1) * L * L);

  const cuts = sections.length === 0 ? [] : [...new Set(sections)].filter((p) => p > 0 && p < L).sort((x, y) => x - y);
  const gapList: number[] = [];
  for (const units of coders) gapLengths(units, L, cuts, gapList);
  const gaps = GapTable.of(gapList);
  let N = 0;
  for (const units of coders) N += units.length / 2;
  let squared = 0;
  let sum = 0;
  // Every unit of every coder, coder after coder (the order of the sum).
  for (const units of coders) {
    for (let k = 0; k < units.length; k += 2) {
      const l = (units[k + 1] as number) - (units[k] as number);
      squared += l * (l - 1);
      sum += ((N - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * gaps.placements(l);
    }
  }
  const expected = ((2 / L) * sum) / (R * L * (R * L - 1) - squared);
  return { observed, expected };
}

/**
 * αu of one category. Returns `null` when it is undefined: fewer than two coders, or `D_E = 0`
 * (no unit at all; or units so placed that no other placement was possible). Symmetric in the
 * coders. Throws as {@link alphaUDisagreement}.
 */
export function alphaU(study: UnitizingStudy): number | null {
  return alphaUFrom(alphaUDisagreement(study));
}

/** αu from the disagreements of its study: `1 − D_O / D_E`, `null` when `D_E = 0`. */
export function alphaUFrom({ observed, expected }: UnitizingDisagreement): number | null {
  return expected === 0 ? null : 1 - observed / expected;
}

/**
 * αu over several categories of the same continuum and coders (one study per category): `D_O` and
 * `D_E` averaged over the categories that have at least one unit, `1 − D̄_O / D̄_E`. Returns `null`
 * when no category has a unit or the averaged `D_E` is 0. Throws as {@link alphaUDisagreement}.
 */
export function alphaUAcrossCategories(studies: readonly UnitizingStudy[]): number | null {
  return alphaUAcross(studies.filter(hasUnits).map(alphaUDisagreement));
}

/**
 * {@link alphaUAcrossCategories} from the disagreements of the categories that have at least one
 * unit ({@link hasUnits}), in the order of the categories: summed in that order, so the figure is
 * the same to the last bit.
 */
export function alphaUAcross(disagreements: readonly UnitizingDisagreement[]): number | null {
  let observed = 0;
  let expected = 0;
  for (const d of disagreements) {
    observed += d.observed;
    expected += d.expected;
  }
  return expected === 0 ? null : 1 - observed / expected;
}

/** Whether any coder of `study` marked a unit. */
function hasUnits(study: UnitizingStudy): boolean {
  return study.coders.some((units) => units.length > 0);
}

/**
 * The union of `intervals` as units that do not overlap, sorted: intervals that share at least
 * one position become one unit (nested spans of a label count once, as the characters they
 * cover); intervals that only touch stay apart. Empty intervals are dropped.
 */
export function mergeUnits(intervals: readonly Interval[]): readonly Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const { start, end } of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && start < last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, end) };
    else out.push({ start, end });
  }
  return out;
}

/** {@link mergeUnits} of `intervals`, packed ({@link PackedUnits}). */
export function mergeUnitsPacked(intervals: readonly Interval[]): PackedUnits {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: number[] = [];
  for (const { start, end } of sorted) {
    const last = out.length - 1;
    if (last > 0 && start < (out[last] as number)) out[last] = Math.max(out[last] as number, end);
    else out.push(start, end);
  }
  return out;
}

/** `units` (checked, sorted) packed. */
function packed(units: readonly Interval[]): PackedUnits {
  const out: number[] = [];
  for (const u of units) out.push(u.start, u.end);
  return out;
}

/** As {@link checkedUnits}, for packed units, which must come in order. */
function checkPacked(units: PackedUnits, length: number, coder: number): void {
  if (units.length % 2 !== 0) throw new RangeError(`coder ${coder}: packed units have an odd count of numbers (${units.length})`);
  for (let k = 0; k < units.length; k += 2) {
    const start = units[k] as number;
    const end = units[k + 1] as number;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > length || end <= start) {
      throw new RangeError(`coder ${coder}: unit [${start}, ${end}) is empty or outside the continuum [0, ${length})`);
    }
    if (k > 0 && start < (units[k - 1] as number)) {
      throw new RangeError(`coder ${coder}: units [${units[k - 2]}, ${units[k - 1]}) and [${start}, ${end}) overlap or are out of order`);
    }
  }
}

function checkedUnits(units: readonly Interval[], length: number, coder: number): readonly Interval[] {
  const byPlace = (a: Interval, b: Interval): number => a.start - b.start || a.end - b.end;
  // Units usually come sorted (mergeUnits makes them so): then the sorted copy is the same list.
  let inOrder = true;
  for (let i = 1; i < units.length && inOrder; i++) if (!(byPlace(units[i - 1] as Interval, units[i] as Interval) <= 0)) inOrder = false;
  const sorted = inOrder ? units : [...units].sort(byPlace);
  for (let i = 0; i < sorted.length; i++) {
    const u = sorted[i] as Interval;
    if (!Number.isInteger(u.start) || !Number.isInteger(u.end) || u.start < 0 || u.end > length || u.end <= u.start) {
      throw new RangeError(`coder ${coder}: unit [${u.start}, ${u.end}) is empty or outside the continuum [0, ${length})`);
    }
    const previous = sorted[i - 1];
    if (previous !== undefined && u.start < previous.end) {
      throw new RangeError(`coder ${coder}: units [${previous.start}, ${previous.end}) and [${u.start}, ${u.end}) overlap (merge them first)`);
    }
  }
  return sorted;
}

/** Σ δ over the overlapping segments of two coders (units sorted, not overlapping within a coder). */
function pairDistance(a: PackedUnits, b: PackedUnits): number {
  let sum = 0;
  const bUnits = b.length / 2;
  // A plain array (a few units, for every pair of every label of every document): as cheap to
  // make as a typed array here, measured.
  const bHit: boolean[] = [];
  for (let k = 0; k < bUnits; k++) bHit.push(false);
  // (for loops: this runs for every pair of coders of every label of every document)
  let first = 0;
  for (let i = 0; i < a.length; i += 2) {
    const uStart = a[i] as number;
    const uEnd = a[i + 1] as number;
    while (first < bUnits && (b[2 * first + 1] as number) <= uStart) first++;
    let hit = false;
    for (let k = first; k < bUnits && (b[2 * k] as number) < uEnd; k++) {
      hit = true;
      bHit[k] = true;
      sum += (uStart - (b[2 * k] as number)) ** 2 + (uEnd - (b[2 * k + 1] as number)) ** 2;
    }
    if (!hit) sum += (uEnd - uStart) ** 2;
  }
  for (let k = 0; k < bUnits; k++) {
    if (!bHit[k]) sum += ((b[2 * k + 1] as number) - (b[2 * k] as number)) ** 2;
  }
  return sum;
}

/**
 * The gaps of a study, for one lookup per unit of Σ_{g ≥ l} (g − l + 1), taken as the total of
 * the gaps of length ≥ l less (l − 1) for each. Gaps of whole lengths whose sum is a safe integer
 * are summed exactly however added: a few (one document's) are gone through at each lookup;
 * many, none very long (documents laid end to end), are counted by length. Others are sorted,
 * longest first, and summed in that order.
 */
class GapTable {
  private constructor(
    readonly way: 'few' | 'by-length' | 'sorted',
    /** few: the gaps; sorted: the gaps, longest first; by-length: unused. */
    readonly lengths: readonly number[],
    /** by-length: `count[l]`, `total[l]` of the gaps of length ≥ l; sorted: `total[k]` of the k longest. */
    readonly count: ArrayLike<number>,
    readonly total: ArrayLike<number>,
    readonly longest: number,
  ) {}

  static of(gaps: number[]): GapTable {
    let longest = 0;
    let whole = true;
    let sum = 0;
    for (const g of gaps) {
      if (g > longest) longest = g;
      if (!Number.isInteger(g)) whole = false;
      sum += g;
    }
    if (whole && sum <= Number.MAX_SAFE_INTEGER && gaps.length <= 64) return new GapTable('few', gaps, NONE, NONE, longest);
    if (whole && gaps.length > 64 && longest <= 8 * gaps.length + 4096) {
      const count = new Float64Array(longest + 2);
      const total = new Float64Array(longest + 2);
      for (const g of gaps) {
        count[g] = (count[g] as number) + 1;
        total[g] = (total[g] as number) + g;
      }
      for (let l = longest - 1; l >= 0; l--) {
        count[l] = (count[l] as number) + (count[l + 1] as number);
        total[l] = (total[l] as number) + (total[l + 1] as number);
      }
      return new GapTable('by-length', NONE_LIST, count, total, longest);
    }
    const descending = gaps.sort((x, y) => y - x);
    // Grown by push: an array made at a length of 100,000 or more is a slow dictionary in V8.
    const total = [0];
    for (let k = 0; k < descending.length; k++) total.push((total[k] as number) + (descending[k] as number));
    return new GapTable('sorted', descending, NONE, total, longest);
  }

  /** Σ_{g ≥ l} (g − l + 1) over the gaps. */
  placements(l: number): number {
    const { lengths } = this;
    switch (this.way) {
      case 'few': {
        let count = 0;
        let total = 0;
        for (let k = 0; k < lengths.length; k++) {
          const g = lengths[k] as number;
          if (g >= l) {
            count++;
            total += g;
          }
        }
        return total - (l - 1) * count;
      }
      case 'by-length': {
        if (l > this.longest) return 0;
        const at = Math.max(0, l);
        return (this.total[at] as number) - (l - 1) * (this.count[at] as number);
      }
      case 'sorted': {
        const lo = partitionPoint(lengths.length, (i) => (lengths[i] as number) >= l);
        return (this.total[lo] as number) - (l - 1) * lo;
      }
    }
  }
}

const NONE = new Float64Array(0);
const NONE_LIST: readonly number[] = [];

/** Adds to `gaps` the lengths of the gaps between a coder's units (packed, sorted, not overlapping), cut at `cuts`. */
function gapLengths(units: PackedUnits, length: number, cuts: readonly number[], gaps: number[]): void {
  // Gaps come in ascending order, so the cuts before one are before every later one too.
  let next = 0;
  const add = (from: number, to: number): void => {
    let at = from;
    while (next < cuts.length && (cuts[next] as number) <= at) next++;
    for (; next < cuts.length && (cuts[next] as number) < to; next++) {
      const cut = cuts[next] as number;
      gaps.push(cut - at);
      at = cut;
    }
    if (to > at) gaps.push(to - at);
  };
  let pos = 0;
  for (let k = 0; k < units.length; k += 2) {
    const start = units[k] as number;
    if (start > pos) add(pos, start);
    pos = Math.max(pos, units[k + 1] as number);
  }
  if (pos < length) add(pos, length);
}
