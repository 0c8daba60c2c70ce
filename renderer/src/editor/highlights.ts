/**
 * Highlights as ProseMirror decorations (never marks: the text is standoff and never changes).
 * Pure functions describe the decorations in three layers, drawn in this order: search hits,
 * suggestion ghosts, spans. The plugin's state holds the `DecorationSet` drawn from them; a
 * transaction carrying new layers under `highlightKey` updates the set by the difference
 * (`decoration-diff.ts`): only decorations whose range, attributes or spec changed are taken
 * away and added, and a layer passed as the same array as before costs nothing. Each span
 * decoration's spec carries its span id, so `DecorationSet.find(…, s => s.id === id)` works.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Suggestion } from '../../../shared/host-contract';
import { assertNever, type Span } from '../../../shared/model';
import type { EditorPositions } from '../../../shared/text/editor-positions';
import { diffDecorations, type DecorationDescriptor, type DrawnLayer } from './decoration-diff';
import { spanRowsByIndex } from './span-rows';

/** Lists of decorations, one per layer, in drawing order. */
export type HighlightLayers = readonly (readonly DecorationDescriptor[])[];

/** The plugin's state: the drawn set, and the layers it was drawn from. */
export interface HighlightState {
  readonly set: DecorationSet;
  readonly layers: readonly DrawnLayer<Decoration>[];
}

/** Transactions carry the layers to draw ({@link HighlightLayers}) under this key. */
export const highlightKey = new PluginKey<HighlightState>('hashiya-highlights');

/** Rows beyond this share the deepest underline (CSS defines `.row-0` … `.row-7`). */
export const MAX_ROW = 7;

export interface HighlightInput {
  readonly positions: EditorPositions;
  /** Spans to draw (orphans already left out), code point offsets. */
  readonly spans: readonly Span[];
  readonly labelIndex: ReadonlyMap<string, number>;
  readonly selectedId: string | null;
  /** Spans linked to the selection or pointed at from the panel: drawn with a link outline. */
  readonly linkedIds: ReadonlySet<string>;
  readonly suggestions: readonly Suggestion[];
  readonly suggestionCursor: number | null;
  readonly searchHits: readonly { readonly start: number; readonly end: number }[];
}

/** The article's three layers: {@link searchHitDescriptors}, {@link ghostDescriptors}, {@link spanDescriptors}. */
export function highlightLayers(input: HighlightInput): HighlightLayers {
  return [
    searchHitDescriptors(input.positions, input.searchHits),
    ghostDescriptors(input.positions, input.suggestions, input.suggestionCursor, input.labelIndex),
    spanDescriptors(input.positions, input.spans, input.labelIndex, input.selectedId, input.linkedIds),
  ];
}

/** Search hits (code points): class `search-hit`, key `hit:<start>:<end>`; a hit repeated at the same offsets once. */
export function searchHitDescriptors(positions: EditorPositions, hits: readonly { readonly start: number; readonly end: number }[]): readonly DecorationDescriptor[] {
  const descriptors: DecorationDescriptor[] = [];
  const seen = new Set<string>();
  for (const hit of hits) {
    const key = `hit:${hit.start}:${hit.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    descriptors.push({ key, from: positions.toPos(hit.start), to: positions.toPos(hit.end), attrs: { class: 'search-hit' }, spec: {} });
  }
  return descriptors;
}

/**
 * Suggestion ghosts: `ghost hl-l<label index>` (`hl-unknown` for a label not in the schema), plus
 * `ghost-current` for the one at `cursor` (an index into `suggestions`); {@link suggestionRef} in
 * `data-suggestion`, the label in `data-label` and `title`. Key `sug:<start>:<end>:<label>`.
 *
 * With `near`, only the ghosts it accepts (by the code point they start at), and the current
 * one: a corpus lexicon can propose tens of thousands of strings in a long article, and ghosts
 * out of sight would only weigh on every layout and paint (see `ghost-window.ts`).
 */
export function ghostDescriptors(
  positions: EditorPositions,
  suggestions: readonly Suggestion[],
  cursor: number | null,
  labelIndex: ReadonlyMap<string, number>,
  near?: (start: number) => boolean,
): readonly DecorationDescriptor[] {
  const made = cacheFor(positions);
  const descriptors: DecorationDescriptor[] = [];
  suggestions.forEach((s, i) => {
    if (near && i !== cursor && !near(s.start)) return;
    const classes = ghostClasses(labelIndex.get(s.label), i === cursor);
    let descriptor = made.get(s);
    if (descriptor?.attrs.class !== classes) {
      const ref = suggestionRef(s);
      descriptor = {
        key: `sug:${ref}:${s.label}`,
        from: positions.toPos(s.start),
        to: positions.toPos(s.end),
        attrs: { nodeName: 'span', class: classes, 'data-suggestion': ref, 'data-label': s.label, title: s.label },
        spec: { suggestion: ref },
      };
      made.set(s, descriptor);
    }
    descriptors.push(descriptor);
  });
  return descriptors;
}

/**
 * Spans: `hl hl-l<label index> row-<row>` (rows from {@link spanRowsByIndex}, capped at
 * {@link MAX_ROW}; `hl-unknown` for a label not in the schema), plus `hl-selected` and
 * `hl-linked`; the id in `data-span-id` and the spec, the label in `data-label`. Key
 * `span:<id>`. O(n log n), O(n) for spans sorted by start with few overlaps.
 *
 * The list made last for the same `positions` is walked alongside (see {@link reuseLast}): a span
 * that is the same object in the same row, with its selection and link unchanged, keeps the
 * descriptor it had, so a key press at 20,000 spans costs a pointer walk, not 20,000 lookups.
 */
export function spanDescriptors(
  positions: EditorPositions,
  spans: readonly Span[],
  labelIndex: ReadonlyMap<string, number>,
  selectedId: string | null,
  linkedIds: ReadonlySet<string>,
): readonly DecorationDescriptor[] {
  const rows = spanRowsByIndex(spans);
  const made = cacheFor(positions);
  const describe = (span: Span, i: number): DecorationDescriptor => {
    const classes = spanClasses(labelIndex.get(span.label), Math.min(rows[i] as number, MAX_ROW), span.id === selectedId, linkedIds.has(span.id));
    let descriptor = made.get(span);
    if (descriptor?.attrs.class !== classes) {
      descriptor = {
        key: `span:${span.id}`,
        from: positions.toPos(span.start),
        to: positions.toPos(span.end),
        attrs: { nodeName: 'span', class: classes, 'data-span-id': span.id, 'data-label': span.label },
        spec: { id: span.id },
      };
      made.set(span, descriptor);
    }
    return descriptor;
  };
  const last = lastSpanLayers.get(positions);
  const descriptors = last && last.labelIndex === labelIndex ? reuseLast(last, spans, rows, selectedId, linkedIds, describe) : spans.map(describe);
  lastSpanLayers.set(positions, { spans, rows, labelIndex, selectedId, linkedIds, descriptors });
  return descriptors;
}

/** The span list last made for a text, and what it was made from. */
interface SpanLayer {
  readonly spans: readonly Span[];
  readonly rows: Int32Array;
  readonly labelIndex: ReadonlyMap<string, number>;
  readonly selectedId: string | null;
  readonly linkedIds: ReadonlySet<string>;
  readonly descriptors: readonly DecorationDescriptor[];
}

const lastSpanLayers = new WeakMap<EditorPositions, SpanLayer>();

/** How far {@link reuseLast} looks ahead in the last list for a span it did not find in place. */
const REUSE_LOOKAHEAD = 8;

/**
 * The descriptors of `spans`, taking each from `last` where it draws the same: same span object,
 * same row, and an id whose selection and link did not change; the others from `describe`.
 * Walks both lists once (spans added, removed or replaced are local edits; a span missing from
 * the next {@link REUSE_LOOKAHEAD} of the last list is described afresh). Pure but for `describe`.
 */
function reuseLast(
  last: SpanLayer,
  spans: readonly Span[],
  rows: Int32Array,
  selectedId: string | null,
  linkedIds: ReadonlySet<string>,
  describe: (span: Span, i: number) => DecorationDescriptor,
): DecorationDescriptor[] {
  const restyled = new Set<string>();
  if (last.selectedId !== selectedId) {
    if (last.selectedId !== null) restyled.add(last.selectedId);
    if (selectedId !== null) restyled.add(selectedId);
  }
  if (last.linkedIds !== linkedIds) {
    for (const id of last.linkedIds) if (!linkedIds.has(id)) restyled.add(id);
    for (const id of linkedIds) if (!last.linkedIds.has(id)) restyled.add(id);
  }
  const before = last.spans;
  const descriptors = new Array<DecorationDescriptor>(spans.length);
  let i = 0;
  for (let j = 0; j < spans.length; j++) {
    const span = spans[j] as Span;
    if (before[i] !== span) {
      // Spans removed (or replaced) before this one: skip them when it comes a little further on.
      for (let k = i + 1; k < before.length && k <= i + REUSE_LOOKAHEAD; k++) {
        if (before[k] === span) {
          i = k;
          break;
        }
      }
    }
    if (before[i] !== span) {
      descriptors[j] = describe(span, j);
      continue;
    }
    descriptors[j] = last.rows[i] === rows[j] && !restyled.has(span.id) ? (last.descriptors[i] as DecorationDescriptor) : describe(span, j);
    i++;
  }
  return descriptors;
}

/**
 * The last descriptor made for each span and suggestion (immutable values, so one always draws
 * the same but for its classes), per text: unchanged ones reuse theirs, which the diff then
 * recognises by identity, and no positions or strings are computed again.
 */
const descriptorCache = new WeakMap<EditorPositions, WeakMap<Span | Suggestion, DecorationDescriptor>>();

function cacheFor(positions: EditorPositions): WeakMap<Span | Suggestion, DecorationDescriptor> {
  let made = descriptorCache.get(positions);
  if (!made) descriptorCache.set(positions, (made = new WeakMap()));
  return made;
}

/**
 * What a ghost's `data-suggestion` holds: `<start>:<end>` (code points), with its label in
 * `data-label`. Not its index among the visible suggestions, which shifts whenever one before
 * it is accepted or labelled: every ghost after it would have to be redrawn.
 */
export function suggestionRef(s: { readonly start: number; readonly end: number }): string {
  return `${s.start}:${s.end}`;
}

const ghostClassCache: (string | undefined)[] = [];

function ghostClasses(label: number | undefined, current: boolean): string {
  const slot = ((label ?? -1) + 1) * 2 + (current ? 1 : 0);
  let classes = ghostClassCache[slot];
  if (classes === undefined) {
    classes = `ghost ${label === undefined ? 'hl-unknown' : `hl-l${label}`}${current ? ' ghost-current' : ''}`;
    ghostClassCache[slot] = classes;
  }
  return classes;
}

/**
 * Class strings of span decorations, made once each and then shared (there are few: labels ×
 * rows × selected × linked), by `((label + 1) · (MAX_ROW + 1) + row) · 4 + selected · 2 + linked`
 * with label −1 for one not in the schema.
 */
const classCache: (string | undefined)[] = [];

function spanClasses(label: number | undefined, row: number, selected: boolean, linked: boolean): string {
  const slot = (((label ?? -1) + 1) * (MAX_ROW + 1) + row) * 4 + (selected ? 2 : 0) + (linked ? 1 : 0);
  let classes = classCache[slot];
  if (classes === undefined) {
    classes = ['hl', label === undefined ? 'hl-unknown' : `hl-l${label}`, `row-${row}`, ...(selected ? ['hl-selected'] : []), ...(linked ? ['hl-linked'] : [])].join(' ');
    classCache[slot] = classes;
  }
  return classes;
}

function toDecoration(d: DecorationDescriptor): Decoration {
  return Decoration.inline(d.from, d.to, d.attrs, d.spec);
}

/** The state that draws `layers` over `doc` from scratch. */
function drawnFromScratch(doc: PMNode, layers: HighlightLayers): HighlightState {
  const update = diffDecorations([], layers, toDecoration);
  return { set: DecorationSet.create(doc, update.kind === 'replace' ? [...update.all] : []), layers: update.layers };
}

/**
 * The plugin: its state is the drawn set. `initial` is drawn into the first state, so that the
 * view's first render already shows it. A transaction with layers under {@link highlightKey}
 * patches the set by the difference, or redraws it when most changed; one that changes the
 * document (never, in the article) maps the set and forgets the layers, so the next ones are
 * drawn from scratch.
 */
export function highlightPlugin(initial: HighlightLayers = []): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: highlightKey,
    state: {
      init: (_config, state) => drawnFromScratch(state.doc, initial),
      apply: (tr, previous) => {
        const desired = tr.getMeta(highlightKey) as HighlightLayers | undefined;
        if (desired === undefined) {
          return tr.docChanged ? { set: previous.set.map(tr.mapping, tr.doc), layers: [] } : previous;
        }
        if (tr.docChanged) return drawnFromScratch(tr.doc, desired);
        const update = diffDecorations(previous.layers, desired, toDecoration);
        switch (update.kind) {
          case 'replace':
            return { set: DecorationSet.create(tr.doc, [...update.all]), layers: update.layers };
          case 'patch':
            if (update.layers === previous.layers) return previous;
            if (update.remove.length === 0 && update.add.length === 0) return { set: previous.set, layers: update.layers };
            return { set: previous.set.remove([...update.remove]).add(tr.doc, [...update.add]), layers: update.layers };
          default:
            return assertNever(update, 'decoration update');
        }
      },
    },
    props: {
      decorations: (state) => highlightKey.getState(state)?.set,
    },
  });
}

export interface HighlightsOptions {
  /** Layers drawn into the editor's first state. */
  initial: HighlightLayers;
}

export const Highlights = Extension.create<HighlightsOptions>({
  name: 'hashiyaHighlights',
  addOptions() {
    return { initial: [] };
  },
  addProseMirrorPlugins() {
    return [highlightPlugin(this.options.initial)];
  },
});
