/**
 * What to change in a set of drawn decorations to make it draw new lists: the decorations to
 * take away, the ones to add, and the ones that stay as they are. Pure and independent of
 * ProseMirror: a decoration is described by plain data, and whatever was made from a description
 * (a ProseMirror `Decoration` in the editor) is carried along opaquely as `T`.
 *
 * Decorations come in layers (the article's: search hits, suggestion ghosts, spans), drawn in
 * that order. A layer whose list is the very array drawn last time costs nothing; a changed one
 * is compared with its last list in one walk that matches unchanged descriptors by identity (or
 * by key and equal drawing), so a one-span change at 20,000 spans touches one or two entries
 * and compares 20,000 pointers.
 */
import { partitionPoint } from '../../../shared/text/partition-point';

/** One decoration to draw, as plain data. */
export interface DecorationDescriptor {
  /**
   * Identity across updates, unique within its layer: `span:<id>`, `sug:<start>:<end>:<label>`,
   * `hit:<start>:<end>`. A descriptor whose key, range, attributes and spec are all unchanged
   * keeps the decoration made for it before.
   */
  readonly key: string;
  /** ProseMirror positions, `from < to`. */
  readonly from: number;
  readonly to: number;
  /** DOM attributes (`nodeName`, `class`, `data-…`), as for `Decoration.inline`. */
  readonly attrs: Readonly<Record<string, string>>;
  /** The decoration's spec: what `DecorationSet.find` predicates see (`{ id }`, `{ suggestion }`). */
  readonly spec: Readonly<Record<string, string | number>>;
}

/** One layer as drawn: its list, and what was made for each entry (`made[i]` for `list[i]`). */
export interface DrawnLayer<T> {
  readonly list: readonly DecorationDescriptor[];
  readonly made: readonly T[];
}

/**
 * `replace`: draw `all` from scratch (nothing was drawn, or too much changed for a patch to pay).
 * `patch`: take away `remove`, then add `add` (in drawing order). Either way `layers` is what is
 * drawn afterwards; a patch with nothing to do returns the previous `layers` array itself.
 */
export type DecorationUpdate<T> =
  | { readonly kind: 'replace'; readonly all: readonly T[]; readonly layers: readonly DrawnLayer<T>[] }
  | { readonly kind: 'patch'; readonly remove: readonly T[]; readonly add: readonly T[]; readonly layers: readonly DrawnLayer<T>[] };

/**
 * A patch is used while it changes at most this share of the decorations drawn; beyond that (and
 * on the first draw) everything is drawn from scratch. ProseMirror's `remove` and `add` cost about
 * (paragraphs) × (decorations taken away or added), a rebuild (paragraphs) × (all of them), and
 * the view redraws only what changed either way: so a patch pays up to about all of them.
 */
export const PATCH_SHARE = 1;
/** Patches of up to this many changes are always used, whatever the share. */
export const PATCH_MIN = 64;
/** How far the walk looks ahead for a key before it falls back to matching by key everywhere. */
const LOOKAHEAD = 8;

/**
 * The update from the drawn `previous` layers to the `desired` lists (one per layer, in drawing
 * order), making a decoration with `make` for each descriptor that is new or changed.
 *
 * Decorations over one same range are drawn nested in drawing order. A patch keeps that order:
 * when it adds a decoration over a range, every kept decoration over that same range that comes
 * after it in drawing order is taken away and added again, all in drawing order. So a patched
 * set equals, decoration by decoration and in order, the set drawn from scratch.
 *
 * O(n) pointer comparisons for n descriptors in changed layers, plus `make` and O(1) per change;
 * O(n) hash lookups when a list was reordered beyond the lookahead.
 * Keys must be unique within a layer; that is checked only where the walk falls back to matching
 * by key, which needs it.
 * @throws Error when, there, two descriptors of one layer share a key.
 */
export function diffDecorations<T>(
  previous: readonly DrawnLayer<T>[],
  desired: readonly (readonly DecorationDescriptor[])[],
  make: (descriptor: DecorationDescriptor) => T,
): DecorationUpdate<T> {
  const total = desired.reduce((sum, list) => sum + list.length, 0);
  if (previous.length !== desired.length || previous.every((layer) => layer.made.length === 0)) return drawAll(desired, make);
  const budget = Math.max(PATCH_MIN, PATCH_SHARE * total);

  const remove: T[] = [];
  const layers: DrawnLayer<T>[] = [];
  /** Per layer: indices (ascending) of the entries made anew. */
  const fresh: number[][] = [];
  /** Range of each entry made anew → the first (layer, index) drawing over it anew, and the range. */
  const freshRanges = new Map<number, FreshRange>();
  let changes = 0;
  for (let l = 0; l < desired.length; l++) {
    const before = previous[l] as DrawnLayer<T>;
    const list = desired[l] as readonly DecorationDescriptor[];
    if (before.list === list) {
      layers.push(before);
      fresh.push([]);
      continue;
    }
    const walked = walkLayer(before, list, make, remove);
    layers.push(walked.layer);
    fresh.push(walked.fresh);
    for (const i of walked.fresh) {
      const d = list[i] as DecorationDescriptor;
      const range = rangeKey(d);
      if (!freshRanges.has(range)) freshRanges.set(range, { layer: l, index: i, from: d.from, to: d.to });
    }
    changes += walked.fresh.length;
    if (changes + remove.length > budget) return drawAll(desired, make);
  }
  if (changes === 0 && remove.length === 0 && layers.every((layer, l) => layer === previous[l])) {
    return { kind: 'patch', remove: [], add: [], layers: previous };
  }

  // Kept entries drawn over a range after something drawn anew over it are added again.
  const add: T[] = [];
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l] as DrawnLayer<T>;
    const anew = fresh[l] as number[];
    const redraw = freshRanges.size === 0 ? [] : keptAfterFresh(layer.list, l, anew, freshRanges);
    let f = 0;
    let r = 0;
    while (f < anew.length || r < redraw.length) {
      if (r < redraw.length && (f >= anew.length || (redraw[r] as number) < (anew[f] as number))) {
        const kept = layer.made[redraw[r++] as number] as T;
        remove.push(kept);
        add.push(kept);
      } else {
        add.push(layer.made[anew[f++] as number] as T);
      }
    }
  }
  if (add.length + remove.length > budget) return drawAll(desired, make);
  return { kind: 'patch', remove, add, layers };
}

/** Every list drawn from scratch. */
function drawAll<T>(desired: readonly (readonly DecorationDescriptor[])[], make: (descriptor: DecorationDescriptor) => T): DecorationUpdate<T> {
  const layers = desired.map((list) => ({ list, made: list.map(make) }));
  return { kind: 'replace', all: layers.flatMap((layer) => layer.made), layers };
}

/**
 * One changed layer: walks the last list and the new one side by side, keeping what is identical
 * (or has the same key and draws the same), making anew what changed, and pushing the decorations
 * of entries that went away (or changed) onto `remove`. Where keys differ it looks a few entries
 * ahead on both sides for an insertion or a deletion; failing that, it matches the rest by key.
 */
function walkLayer<T>(
  before: DrawnLayer<T>,
  list: readonly DecorationDescriptor[],
  make: (descriptor: DecorationDescriptor) => T,
  remove: T[],
): { layer: DrawnLayer<T>; fresh: number[] } {
  const old = before.list;
  const made: T[] = [];
  const fresh: number[] = [];
  const drawNew = (j: number) => {
    fresh.push(j);
    made.push(make(list[j] as DecorationDescriptor));
  };
  let i = 0;
  let j = 0;
  while (i < old.length && j < list.length) {
    const p = old[i] as DecorationDescriptor;
    const d = list[j] as DecorationDescriptor;
    if (p === d || (p.key === d.key && sameDrawing(p, d))) {
      made.push(before.made[i] as T);
      i++;
      j++;
    } else if (p.key === d.key) {
      remove.push(before.made[i] as T);
      drawNew(j);
      i++;
      j++;
    } else {
      const gone = aheadIn(old, i + 1, d.key);
      const added = gone < 0 ? aheadIn(list, j + 1, p.key) : -1;
      if (gone > 0) {
        // Entries i … up to d's old place went away.
        for (; i < gone; i++) remove.push(before.made[i] as T);
      } else if (added > 0) {
        // Entries j … up to p's new place are new.
        for (; j < added; j++) drawNew(j);
      } else {
        matchByKey(before, i, list, j, make, remove, made, fresh);
        return { layer: { list, made }, fresh };
      }
    }
  }
  for (; i < old.length; i++) remove.push(before.made[i] as T);
  for (; j < list.length; j++) drawNew(j);
  return { layer: { list, made }, fresh };
}

/** Index of the entry with `key` among the {@link LOOKAHEAD} entries of `list` from `from`, else -1. */
function aheadIn(list: readonly DecorationDescriptor[], from: number, key: string): number {
  for (let k = from; k < list.length && k < from + LOOKAHEAD; k++) if ((list[k] as DecorationDescriptor).key === key) return k;
  return -1;
}

/** The rest of a layer walk, entries matched by key: `old[i…]` against `list[j…]`. */
function matchByKey<T>(
  before: DrawnLayer<T>,
  i: number,
  list: readonly DecorationDescriptor[],
  j: number,
  make: (descriptor: DecorationDescriptor) => T,
  remove: T[],
  made: T[],
  fresh: number[],
): void {
  const old = new Map<string, number>();
  for (let k = i; k < before.list.length; k++) {
    const key = (before.list[k] as DecorationDescriptor).key;
    if (old.has(key)) throw new Error(`Two decorations share the key ${key}`);
    old.set(key, k);
  }
  const seen = new Set<string>();
  for (; j < list.length; j++) {
    const d = list[j] as DecorationDescriptor;
    if (seen.has(d.key)) throw new Error(`Two decorations share the key ${d.key}`);
    seen.add(d.key);
    const k = old.get(d.key);
    if (k !== undefined && sameDrawing(before.list[k] as DecorationDescriptor, d)) {
      made.push(before.made[k] as T);
      old.delete(d.key);
      continue;
    }
    fresh.push(j);
    made.push(make(d));
  }
  for (const k of old.values()) remove.push(before.made[k] as T);
}

/** A range something is drawn anew over, and the first (layer, index) that draws anew over it. */
interface FreshRange {
  readonly layer: number;
  readonly index: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Indices (ascending) of the entries of layer `l` that were kept but lie over a range something
 * is drawn anew over, after the first entry drawn anew there. A layer sorted by `from` (the
 * spans', the ghosts' and the hits' are, as their lists come) is searched by halving for each
 * range drawn anew; another is walked.
 */
function keptAfterFresh(list: readonly DecorationDescriptor[], l: number, fresh: readonly number[], freshRanges: ReadonlyMap<number, FreshRange>): number[] {
  const after = (i: number, first: FreshRange | undefined) => first !== undefined && (first.layer < l || (first.layer === l && i > first.index));
  if (sortedByFrom(list)) {
    const madeAnew = new Set(fresh);
    const found: number[] = [];
    for (const first of freshRanges.values()) {
      for (let i = firstFrom(list, first.from); i < list.length && (list[i] as DecorationDescriptor).from === first.from; i++) {
        if ((list[i] as DecorationDescriptor).to === first.to && !madeAnew.has(i) && after(i, first)) found.push(i);
      }
    }
    return found.sort((a, b) => a - b);
  }
  // Most entries start where nothing new does: a set of small integers rules them out cheaply.
  const starts = new Set<number>();
  for (const first of freshRanges.values()) starts.add(first.from);
  const found: number[] = [];
  let f = 0;
  for (let i = 0; i < list.length; i++) {
    if (fresh[f] === i) {
      f++;
      continue;
    }
    const d = list[i] as DecorationDescriptor;
    if (starts.has(d.from) && after(i, freshRanges.get(rangeKey(d)))) found.push(i);
  }
  return found;
}

/** Whether `list` is sorted by `from`, ascending. O(n) comparisons of numbers. */
function sortedByFrom(list: readonly DecorationDescriptor[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i] as DecorationDescriptor).from < (list[i - 1] as DecorationDescriptor).from) return false;
  return true;
}

/** The first index of `list` (sorted by `from`) whose `from` is at least `from`. */
function firstFrom(list: readonly DecorationDescriptor[], from: number): number {
  return partitionPoint(list.length, (i) => (list[i] as DecorationDescriptor).from < from);
}

/** Positions at or above this share range keys with others (harmless: a few more redraws). */
const RANGE_BASE = 2 ** 26;

/** One number per range `[from, to)`, distinct while positions stay below {@link RANGE_BASE}. */
function rangeKey(descriptor: DecorationDescriptor): number {
  return descriptor.from * RANGE_BASE + descriptor.to;
}

/** Whether two descriptors draw the same: range, attributes and spec (key aside). */
export function sameDrawing(a: DecorationDescriptor, b: DecorationDescriptor): boolean {
  return a === b || (a.from === b.from && a.to === b.to && sameRecord(a.attrs, b.attrs) && sameRecord(a.spec, b.spec));
}

function sameRecord(a: Readonly<Record<string, string | number>>, b: Readonly<Record<string, string | number>>): boolean {
  if (a === b) return true;
  let count = 0;
  for (const name in a) {
    if (a[name] !== b[name]) return false;
    count++;
  }
  for (const name in b) if (!(name in a) || --count < 0) return false;
  return count === 0;
}
