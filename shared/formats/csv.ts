/**
 * CSV for analysts (export only): one row per CasualtyCount and per Claim span, with the
 * document, the span, every attribute of its label as its own column, and the Actor and Place
 * spans linked to it.
 *
 * RFC 4180: a header row, fields separated by commas, records ended by CRLF (the last one too), a
 * field quoted with `"` when it holds a comma, a quote, CR or LF (quotes doubled inside). The file
 * starts with a UTF-8 byte order mark: Excel reads a CSV without one in the system's legacy code
 * page (windows-1256 at best on an Arabic Windows), turning Arabic into mojibake; with the BOM it
 * opens the file as UTF-8. pandas (`encoding="utf-8-sig"`) and LibreOffice read it either way.
 * Values are written as they are (no `'` before a leading `=`, `+`, `-` or `@`: that would change
 * the data); open the file with "import as text" if a cell must not be read as a formula.
 *
 * @see https://www.rfc-editor.org/rfc/rfc4180
 */
import type { AttributeDef, AttributeValue, LabelDef, Schema, Span } from '../model.js';
import { CodePointIndex } from '../text/code-points.js';
import type { ExportContext, ExportDocument, ExportLoss, ExportResult, FormatAdapter } from './format.js';

/** The file a CSV export writes. */
export const CSV_FILE = 'annotations.csv';

/** The labels that get a row each. */
export const CSV_ROW_LABELS: readonly string[] = ['CasualtyCount', 'Claim'];
const ACTOR = 'Actor';
const PLACE = 'Place';
/** Separates several linked texts in one cell (ids are separated by spaces). */
const LIST_SEPARATOR = ' | ';
const FIXED_BEFORE = ['document', 'span_id', 'label', 'start', 'end', 'text'];
const FIXED_AFTER = ['actors', 'actor_ids', 'places', 'place_ids', 'note'];

/** One field as RFC 4180 wants it: quoted (quotes doubled) when it holds `,`, `"`, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value;
}

interface Column {
  readonly header: string;
  readonly value: (span: Span, doc: DocumentView) => string;
}

interface DocumentView {
  readonly id: string;
  readonly spans: ReadonlyMap<string, Span>;
  /** Span id → ids of the spans linked to it by a relation (either direction) or a reference of its own. */
  readonly links: ReadonlyMap<string, readonly string[]>;
  readonly unit: (cp: number) => number;
}

function plain(value: AttributeValue | undefined): string {
  return value === undefined ? '' : String(value);
}

/** The attribute columns: per row label, per attribute (a reference adds `<name>_id`); names shared by both labels, or by a fixed column, get `<Label>.` before them. */
function attributeColumns(schema: Schema): Column[] {
  const rowLabels = CSV_ROW_LABELS.map((name) => schema.labels.find((l) => l.name === name)).filter((l): l is LabelDef => l !== undefined);
  const headers = rowLabels.flatMap((l) => l.attributes.flatMap((a) => (a.type === 'reference' ? [a.name, `${a.name}_id`] : [a.name])));
  const fixed = new Set([...FIXED_BEFORE, ...FIXED_AFTER]);
  const clash = (h: string): boolean => fixed.has(h) || headers.filter((x) => x === h).length > 1;
  const columns: Column[] = [];
  for (const label of rowLabels) {
    for (const a of label.attributes) {
      const header = (h: string): string => (clash(h) ? `${label.name}.${h}` : h);
      const own = (span: Span): AttributeValue | undefined => (span.label === label.name ? span.attributes[a.name] : undefined);
      if (a.type !== 'reference') {
        columns.push({ header: header(a.name), value: (span) => plain(own(span)) });
        continue;
      }
      columns.push({
        header: header(a.name),
        value: (span, doc) => {
          const v = own(span);
          const target = typeof v === 'string' ? doc.spans.get(v) : undefined;
          return target === undefined ? '' : target.text;
        },
      });
      columns.push({ header: header(`${a.name}_id`), value: (span) => plain(own(span)) });
    }
  }
  return columns;
}

function linked(span: Span, doc: DocumentView, label: string): Span[] {
  return (doc.links.get(span.id) ?? []).map((id) => doc.spans.get(id)).filter((s): s is Span => s !== undefined && s.label === label);
}

function columnsFor(schema: Schema): Column[] {
  return [
    { header: 'document', value: (_s, doc) => doc.id },
    { header: 'span_id', value: (s) => s.id },
    { header: 'label', value: (s) => s.label },
    { header: 'start', value: (s, doc) => String(doc.unit(s.start)) },
    { header: 'end', value: (s, doc) => String(doc.unit(s.end)) },
    { header: 'text', value: (s) => s.text },
    ...attributeColumns(schema),
    { header: 'actors', value: (s, doc) => linked(s, doc, ACTOR).map((x) => x.text).join(LIST_SEPARATOR) },
    { header: 'actor_ids', value: (s, doc) => linked(s, doc, ACTOR).map((x) => x.id).join(' ') },
    { header: 'places', value: (s, doc) => linked(s, doc, PLACE).map((x) => x.text).join(LIST_SEPARATOR) },
    { header: 'place_ids', value: (s, doc) => linked(s, doc, PLACE).map((x) => x.id).join(' ') },
    { header: 'note', value: (s) => s.note },
  ];
}

/** What of one document the table leaves out, as loss messages. */
function documentLosses(doc: ExportDocument, schema: Schema, rows: readonly Span[], written: ReadonlySet<string>): ExportLoss[] {
  const document = doc.layer.document;
  const losses: ExportLoss[] = [];
  const others = new Map<string, number>();
  for (const s of doc.layer.spans) if (!CSV_ROW_LABELS.includes(s.label)) others.set(s.label, (others.get(s.label) ?? 0) + 1);
  if (others.size > 0) {
    const count = [...others.values()].reduce((a, b) => a + b, 0);
    const byLabel = [...others].map(([l, n]) => `${l} ${n}`).join(', ');
    losses.push({ document, message: `${count} span(s) of other labels (${byLabel}) have no row; Actor and Place spans appear as the linked texts of rows` });
  }
  const stray: string[] = [];
  for (const s of rows) {
    const defs: readonly AttributeDef[] = schema.labels.find((l) => l.name === s.label)?.attributes ?? [];
    for (const name of Object.keys(s.attributes)) if (!defs.some((d) => d.name === name)) stray.push(`${s.id}.${name}`);
  }
  if (stray.length > 0) losses.push({ document, message: `attribute values the schema does not give their label have no column: ${stray.join(', ')}` });
  const rowIds = new Set(rows.map((s) => s.id));
  const labelOf = new Map(doc.layer.spans.map((s) => [s.id, s.label]));
  const kept = doc.layer.relations.filter((r) => {
    const [a, b] = [r.from, r.to];
    const actorOrPlace = (x: string): boolean => labelOf.get(x) === ACTOR || labelOf.get(x) === PLACE;
    return (written.has(a) && rowIds.has(a) && actorOrPlace(b)) || (written.has(b) && rowIds.has(b) && actorOrPlace(a));
  });
  const dropped = doc.layer.relations.length - kept.length;
  if (dropped > 0) losses.push({ document, message: `${dropped} relation(s) do not link a row to an Actor or a Place and are not in the table` });
  const orphans = rows.filter((s) => !written.has(s.id)).map((s) => s.id);
  if (orphans.length > 0) losses.push({ document, message: `span(s) ${orphans.join(', ')} do not match the text at their offsets and have no row` });
  return losses;
}

function serializeCsv(documents: readonly ExportDocument[], context: ExportContext): ExportResult {
  const columns = columnsFor(context.schema);
  const records: string[] = [columns.map((c) => csvField(c.header)).join(',')];
  const losses: ExportLoss[] = [];
  for (const doc of documents) {
    const index = new CodePointIndex(doc.text);
    const anchors = (s: Span): boolean =>
      Number.isSafeInteger(s.start) && Number.isSafeInteger(s.end) && s.start >= 0 && s.start < s.end && s.end <= index.length && index.slice(s.start, s.end) === s.text;
    const spans = new Map(doc.layer.spans.map((s) => [s.id, s]));
    const links = new Map<string, string[]>();
    const link = (a: string, b: string): void => {
      const list = links.get(a) ?? [];
      if (!list.includes(b)) list.push(b);
      links.set(a, list);
    };
    for (const r of doc.layer.relations) {
      link(r.from, r.to);
      link(r.to, r.from);
    }
    for (const s of doc.layer.spans) {
      const defs = context.schema.labels.find((l) => l.name === s.label)?.attributes ?? [];
      for (const d of defs) {
        const v = s.attributes[d.name];
        if (d.type === 'reference' && typeof v === 'string' && spans.has(v)) link(s.id, v);
      }
    }
    // Linked spans in text order.
    const order = new Map(doc.layer.spans.map((s, i) => [s.id, i]));
    for (const list of links.values()) list.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
    const view: DocumentView = { id: doc.meta.id, spans, links, unit: (cp) => (context.offsets === 'utf16' ? index.toUtf16(cp) : cp) };
    const rows = doc.layer.spans.filter((s) => CSV_ROW_LABELS.includes(s.label));
    const written = new Set(rows.filter(anchors).map((s) => s.id));
    for (const s of rows) if (written.has(s.id)) records.push(columns.map((c) => csvField(c.value(s, view))).join(','));
    losses.push(...documentLosses(doc, context.schema, rows, written));
  }
  return { files: [{ path: CSV_FILE, content: `\uFEFF${records.join('\r\n')}\r\n` }], losses };
}

/**
 * The analyst's table (see the module comment), export only: `annotations.csv` with columns
 * `document, span_id, label, start, end, text`, then every attribute of CasualtyCount and of Claim
 * in schema order (a reference as the referenced span's text plus a `<name>_id` column with its
 * id; numbers and booleans as JavaScript writes them, empty when not set), then `actors`,
 * `actor_ids`, `places`, `place_ids` (the Actor and Place spans linked to the row by a relation
 * in either direction or by one of its references, in text order, texts joined by ` | `) and
 * `note`. Rows follow the documents and, within one, the stored span order. Offsets are code
 * points, or UTF-16 code units with `context.offsets` `utf16`. Losses, per document: spans of
 * other labels (no row of their own), attribute values the schema does not give the row's label,
 * relations that do not link a row to an Actor or a Place, rows whose span does not match the text.
 */
export const csvFormat: FormatAdapter = {
  name: 'csv',
  lossless: false,
  serialize: serializeCsv,
};
