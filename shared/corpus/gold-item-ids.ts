/**
 * Ids of review items: what the gold layer's provenance and decision lines name. A span item is
 * one candidate span across annotators' layers (its offsets and label), a relation item one
 * relation type between two span items. Ids are derived from what they name, never numbered,
 * so they stay the same however the layers change around them.
 *
 * - span item: `<start>-<end>:<label>`, offsets in code points (`84-100:Place`);
 * - relation item: `<type>:<from span item>><to span item>` (`located_at:1062-1076:CasualtyCount>325-345:Place`).
 *
 * In labels and types `%`, `:` and `>` are written `%25`, `%3A` and `%3E` (schema names never
 * hold them), so every id reads back unambiguously and each item has exactly one id.
 */

/** What an item id names. */
export type ItemKey =
  | { readonly kind: 'span'; readonly start: number; readonly end: number; readonly label: string }
  | { readonly kind: 'relation'; readonly type: string; readonly from: string; readonly to: string };

/** The id of the span item with these offsets (code points) and label. */
export function spanItemId(span: { readonly start: number; readonly end: number; readonly label: string }): string {
  return `${span.start}-${span.end}:${escapeName(span.label)}`;
}

/** The id of the relation item of `type` from span item `from` to span item `to`. */
export function relationItemId(type: string, from: string, to: string): string {
  return `${escapeName(type)}:${from}>${to}`;
}

const SPAN_ITEM = /^(0|[1-9]\d{0,14})-(0|[1-9]\d{0,14}):([^:>]+)$/;

/**
 * What `id` names, or undefined when it is not an item id in its one canonical spelling (no
 * leading zeros, `start < end`, escapes exactly as {@link spanItemId} writes them). Never throws.
 */
export function parseItemId(id: string): ItemKey | undefined {
  const span = parseSpanItem(id);
  if (span !== undefined) return span;
  const colon = id.indexOf(':');
  const arrow = id.indexOf('>');
  if (colon <= 0 || arrow < colon) return undefined;
  const type = unescapeName(id.slice(0, colon));
  const from = id.slice(colon + 1, arrow);
  const to = id.slice(arrow + 1);
  if (type === undefined || parseSpanItem(from) === undefined || parseSpanItem(to) === undefined) return undefined;
  return relationItemId(type, from, to) === id ? { kind: 'relation', type, from, to } : undefined;
}

function parseSpanItem(id: string): Extract<ItemKey, { kind: 'span' }> | undefined {
  const match = SPAN_ITEM.exec(id);
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  const label = unescapeName(match[3] ?? '');
  if (label === undefined || !Number.isSafeInteger(end) || start >= end) return undefined;
  return spanItemId({ start, end, label }) === id ? { kind: 'span', start, end, label } : undefined;
}

function escapeName(name: string): string {
  return name.replace(/[%:>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function unescapeName(escaped: string): string | undefined {
  if (escaped === '') return undefined;
  const name = escaped.replace(/%(25|3A|3E)/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return escapeName(name) === escaped ? name : undefined;
}

/**
 * The review order of item ids: span items by start, end, then label; then relation items by
 * their from item, their to item (each in span item order), then type; labels and types by code
 * units. Strings that are not item ids come last, by code units. Total and locale-independent.
 */
export function compareItemIds(a: string, b: string): number {
  const ka = parseItemId(a);
  const kb = parseItemId(b);
  if (ka === undefined || kb === undefined) return ka !== undefined ? -1 : kb !== undefined ? 1 : compareCodeUnits(a, b);
  return compareKeys(ka, kb);
}

function compareKeys(a: ItemKey, b: ItemKey): number {
  if (a.kind === 'span' && b.kind === 'span') return a.start - b.start || a.end - b.end || compareCodeUnits(a.label, b.label);
  if (a.kind === 'relation' && b.kind === 'relation') return compareItemIds(a.from, b.from) || compareItemIds(a.to, b.to) || compareCodeUnits(a.type, b.type);
  return a.kind === 'span' ? -1 : 1;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
