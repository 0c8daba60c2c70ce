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
  const R = study.coders.length;
  const coders = study.coders.map((units, c) => checkedUnits(units, L, c));
  if (R < 2 || L <= 0 || coders.every((units) => units.length === 0)) return { observed: 0, expected: 0 };

  let distances = 0;
  for (let a = 0; a < R; a++) {
    for (let b = a + 1; b < R; b++) distances += pairDistance(coders[a] as readonly Interval[], coders[b] as readonly Interval[]);
  }
  const observed = (2 * distances) / (R * (R - 1) * L * L);

  const sections = study.sections ?? [];
  const cuts = sections.length === 0 ? [] : [...new Set(sections)].filter((p) => p > 0 && p < L).sort((x, y) => x - y);
  const gapList: number[] = [];
  for (const units of coders) gapLengths(units, L, cuts, gapList);
  const atLeast = gapsAtLeast(gapList);
  let N = 0;
  for (const units of coders) N += units.length;
  let squared = 0;
  let sum = 0;
  // Every unit of every coder, coder after coder (the order of the sum).
  for (const units of coders) {
    for (const unit of units) {
      const l = unit.end - unit.start;
      squared += l * (l - 1);
      const { count: fits, total } = atLeast(l);
      const placements = total - (l - 1) * fits;
      sum += ((N - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * placements;
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
function pairDistance(a: readonly Interval[], b: readonly Interval[]): number {
  let sum = 0;
  const bHit: boolean[] = [];
  for (let k = 0; k < b.length; k++) bHit.push(false);
  // (for loops: this runs for every pair of coders of every label of every document)
  let first = 0;
  for (const u of a) {
    while (first < b.length && (b[first] as Interval).end <= u.start) first++;
    let hit = false;
    for (let k = first; k < b.length && (b[k] as Interval).start < u.end; k++) {
      const v = b[k] as Interval;
      hit = true;
      bHit[k] = true;
      sum += (u.start - v.start) ** 2 + (u.end - v.end) ** 2;
    }
    if (!hit) sum += (u.end - u.start) ** 2;
  }
  for (let k = 0; k < b.length; k++) {
    const v = b[k] as Interval;
    if (!bHit[k]) sum += (v.end - v.start) ** 2;
  }
  return sum;
}

/**
 * For a length `l`: how many of `gaps` are at least `l` long, and their total
 * — so that Σ_{g ≥ l} (g − l + 1) is one lookup per unit. Many gaps of whole lengths, none very
 * long (documents laid end to end), are counted by length (whole numbers: the totals are exact
 * however summed); others are sorted, longest first, and summed in that order.
 */
function gapsAtLeast(gaps: number[]): (l: number) => { readonly count: number; readonly total: number } {
  let longest = 0;
  let whole = true;
  for (const g of gaps) {
    if (g > longest) longest = g;
    if (!Number.isInteger(g)) whole = false;
  }
  if (whole && gaps.length > 64 && longest <= 8 * gaps.length + 4096) {
    // count[l], total[l]: the gaps of length ≥ l.
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
    return (l) => (l > longest ? { count: 0, total: 0 } : { count: count[Math.max(0, l)] as number, total: total[Math.max(0, l)] as number });
  }
  const descending = gaps.sort((x, y) => y - x);
  // sums[k]: the total of the k longest gaps (grown by push: an array made at a length of 100,000
  // or more is a slow dictionary in V8).
  const sums = [0];
  for (let k = 0; k < descending.length; k++) sums.push((sums[k] as number) + (descending[k] as number));
  return (l) => {
    let lo = 0;
    let hi = descending.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((descending[mid] as number) >= l) lo = mid + 1;
      else hi = mid;
    }
    return { count: lo, total: sums[lo] as number };
  };
}

/** Adds to `gaps` the lengths of the gaps between a coder's units (sorted, not overlapping), cut at `cuts`. */
function gapLengths(units: readonly Interval[], length: number, cuts: readonly number[], gaps: number[]): void {
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
  for (const u of units) {
    if (u.start > pos) add(pos, u.start);
    pos = Math.max(pos, u.end);
  }
  if (pos < length) add(pos, length);
}
