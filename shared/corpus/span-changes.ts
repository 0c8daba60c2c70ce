/**
 * A save sends what changed, not the layer: the spans added or changed since the revision the
 * editor last had from the host (`upsert`), and the ids of those taken away (`remove`). A label
 * key at 20,000 spans then costs the renderer one span's serialisation, not 20,000, and the host
 * applies the change to the layer it holds at that revision (see the corpus store's
 * `saveLayerChanges`). Pure.
 */
import type { SpanInput } from './span-input.js';

/** The spans to add or replace (by id), and the ids to take away. */
export interface SpanChanges<S extends SpanInput = SpanInput> {
  readonly upsert: readonly S[];
  readonly remove: readonly string[];
}

/**
 * What turns `base` into `next`, spans matched by id: a span of `next` is sent when `base` has no
 * span of its id or a different object for it (spans are immutable: an unchanged one is the very
 * object it was), an id of `base` missing from `next` is removed. O(base + next).
 */
export function spanChanges<S extends SpanInput>(base: readonly S[], next: readonly S[]): SpanChanges<S> {
  const before = new Map<string, S>();
  for (const span of base) before.set(span.id, span);
  const upsert: S[] = [];
  for (const span of next) {
    if (before.get(span.id) !== span) upsert.push(span);
    before.delete(span.id);
  }
  return { upsert, remove: [...before.keys()] };
}

/**
 * `stored` with `changes` applied: removed ids taken out, upserted spans in place of the stored
 * one of their id or added at the end. Null when the changes were not made against `stored`: an id
 * removed that is not there, or an id both removed and upserted or upserted twice (the caller
 * refuses the save as a conflict, and the editor sends its whole layer after reloading).
 */
export function applySpanChanges<S extends SpanInput>(stored: readonly S[], changes: SpanChanges<S>): S[] | null {
  const upserts = new Map<string, S>();
  for (const span of changes.upsert) {
    if (upserts.has(span.id)) return null;
    upserts.set(span.id, span);
  }
  const removed = new Set(changes.remove);
  if (removed.size !== changes.remove.length) return null;
  const merged: S[] = [];
  for (const span of stored) {
    if (removed.delete(span.id)) continue;
    const replacement = upserts.get(span.id);
    if (replacement) upserts.delete(span.id);
    merged.push(replacement ?? span);
  }
  if (removed.size > 0) return null;
  for (const id of changes.remove) if (upserts.has(id)) return null;
  merged.push(...upserts.values());
  return merged;
}
