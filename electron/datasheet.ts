/**
 * `DATASHEET.md` of a dataset bundle: a short, plain description of what was exported, so the
 * bundle can be published as it is — documents, labels and counts, attribute values, relations,
 * annotators and their progress, agreement (where computed), the schema, the tool version, the
 * offset unit of each format and the date. Counts are gathered document by document while the
 * export runs ({@link DatasheetCounts}); {@link renderDatasheet} only formats them.
 */
import type { DocumentStatus, Schema } from '../shared/model.js';
import type { ExportDocument, FormatName, OffsetUnit } from '../shared/formats/index.js';

/** What the offsets of a format count, in words for the datasheet. */
export function offsetUnitDescription(format: FormatName, offsets: OffsetUnit): string {
  switch (format) {
    case 'brat':
      return 'Unicode code points of the `.txt` file beside each `.ann` (brat standoff)';
    case 'w3c':
      return 'Unicode code points (`TextPositionSelector`), with the quote in a `TextQuoteSelector`';
    case 'jsonl':
      return offsets === 'utf16' ? 'UTF-16 code units (as JavaScript and doccano count)' : 'Unicode code points (as Python counts)';
    case 'conll':
      return 'tokens, one per line with its tag (no character offsets)';
    case 'csv':
      return offsets === 'utf16' ? 'UTF-16 code units of the document text (`start`, `end` columns)' : 'Unicode code points of the document text (`start`, `end` columns)';
    case 'xmi':
      return 'UTF-16 code units (UIMA CAS, as INCEpTION counts)';
  }
}

/** One exported document as the datasheet lists it. */
export interface DatasheetDocument {
  readonly id: string;
  /** Length of the canonical text in code points. */
  readonly length: number;
  readonly source: string;
  readonly spans: number;
  readonly relations: number;
  readonly status: DocumentStatus;
}

/** Counts of the exported layers, added to one document at a time. */
export class DatasheetCounts {
  readonly documents: DatasheetDocument[] = [];
  /** Label → spans. */
  readonly labels = new Map<string, number>();
  /** `Label.attribute` → value (as written) → spans; for text, number and reference values only `(set)`. */
  readonly attributes = new Map<string, Map<string, number>>();
  /** Relation type → relations. */
  readonly relations = new Map<string, number>();
  readonly #schema: Schema;

  constructor(schema: Schema) {
    this.#schema = schema;
  }

  /** Counts one exported document (bound, so it can be passed as a callback). */
  readonly add = (doc: ExportDocument): void => {
    const { layer, meta } = doc;
    this.documents.push({ id: meta.id, length: meta.length, source: meta.source, spans: layer.spans.length, relations: layer.relations.length, status: layer.status });
    for (const span of layer.spans) {
      bump(this.labels, span.label);
      const label = this.#schema.labels.find((l) => l.name === span.label);
      for (const [name, value] of Object.entries(span.attributes)) {
        const type = label?.attributes.find((a) => a.name === name)?.type;
        const shown = type === 'choice' || type === 'boolean' ? String(value) : '(set)';
        const key = `${span.label}.${name}`;
        const values = this.attributes.get(key) ?? new Map<string, number>();
        this.attributes.set(key, values);
        bump(values, shown);
      }
    }
    for (const relation of layer.relations) bump(this.relations, relation.type);
  };
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** An annotator whose layers exist, with how many of the exported documents are at each status. */
export interface DatasheetAnnotator {
  readonly name: string;
  readonly statuses: Readonly<Record<DocumentStatus, number>>;
}

export interface DatasheetInput {
  readonly corpusName: string;
  /** What was exported: `gold` for the gold layer, else the annotator's name. */
  readonly source: string;
  readonly counts: DatasheetCounts;
  readonly annotators: readonly DatasheetAnnotator[];
  /** Markdown summarising inter-annotator agreement; undefined when it was not computed. */
  readonly agreement: string | undefined;
  readonly schema: Schema;
  readonly toolVersion: string;
  /** UTC, ISO 8601 with `Z`. */
  readonly exportedAt: string;
  readonly formats: readonly FormatName[];
  readonly offsets: OffsetUnit;
  /** How many things the formats could not express, by format name (`export` for orphans). */
  readonly losses: ReadonlyMap<string, number>;
  /** Documents left out because their files are damaged. */
  readonly failed: number;
}

/**
 * The datasheet as Markdown: a summary, the formats with their offset units, documents (id,
 * length in code points, source file, spans, relations, status), labels with span counts,
 * attribute value counts, relations by type, annotators with their statuses, agreement ("not
 * computed" when `agreement` is undefined), what was not exported, and the schema as JSON.
 * Tables are sorted (documents by id, the rest by name) so the same input gives the same text.
 */
export function renderDatasheet(input: DatasheetInput): string {
  const { counts } = input;
  const totalSpans = counts.documents.reduce((n, d) => n + d.spans, 0);
  const totalRelations = counts.documents.reduce((n, d) => n + d.relations, 0);
  const totalLength = counts.documents.reduce((n, d) => n + d.length, 0);
  const layer = input.source === 'gold' ? 'the gold (adjudicated) layer' : `the layer of annotator ${cell(input.source)}`;
  const lines: string[] = [
    `# Datasheet: ${cell(input.corpusName)}`,
    '',
    `Exported from ${layer} by Hashiya ${input.toolVersion} on ${input.exportedAt} (UTC).`,
    '',
    `- Documents: ${counts.documents.length} (${totalLength} code points of text)`,
    `- Spans: ${totalSpans}`,
    `- Relations: ${totalRelations}`,
    `- Texts are canonical: UTF-8 without a byte order mark, LF line breaks, Unicode NFC, never changed after import.`,
    '',
    '## Formats and offset units',
    '',
    '| format | folder | offsets count |',
    '|---|---|---|',
    ...input.formats.map((f) => `| ${f} | \`${f}/\` | ${offsetUnitDescription(f, input.offsets)} |`),
    '',
    'Offsets are half-open: `[start, end)`.',
    '',
    '## Documents',
    '',
    '| id | length (code points) | source file | spans | relations | status |',
    '|---|---|---|---|---|---|',
    ...[...counts.documents]
      .sort((a, b) => compare(a.id, b.id))
      .map((d) => `| ${cell(d.id)} | ${d.length} | ${cell(d.source)} | ${d.spans} | ${d.relations} | ${d.status} |`),
    '',
    '## Labels',
    '',
    ...table(['label', 'spans'], sorted(counts.labels).map(([label, n]) => [label, String(n)]), 'No spans.'),
    '',
    '## Attribute values',
    '',
    ...table(
      ['attribute', 'value', 'spans'],
      sorted(counts.attributes).flatMap(([name, values]) => sorted(values).map(([value, n]) => [name, value, String(n)])),
      'No attribute values.',
    ),
    '',
    'Choice and yes/no values are counted per value; text, number and reference values as `(set)`.',
    '',
    '## Relations',
    '',
    ...table(['relation type', 'relations'], sorted(counts.relations).map(([type, n]) => [type, String(n)]), 'No relations.'),
    '',
    '## Annotators',
    '',
    ...table(
      ['annotator', 'not started', 'in progress', 'done'],
      input.annotators.map((a) => [a.name, String(a.statuses.not_started), String(a.statuses.in_progress), String(a.statuses.done)]),
      'No annotator layers.',
    ),
    '',
    'Statuses are counted over the exported documents.',
    '',
    '## Agreement',
    '',
    input.agreement ?? 'Not computed: this bundle carries no inter-annotator agreement figures.',
    '',
    '## Not exported',
    '',
    ...(input.losses.size === 0 && input.failed === 0
      ? ['Nothing: every span, attribute value, note and relation of the exported layer is in every format.']
      : [
          ...sorted(input.losses).map(([format, n]) => `- ${format}: ${n} item${n === 1 ? '' : 's'} could not be expressed (the export report lists them)`),
          ...(input.failed > 0 ? [`- ${input.failed} problem${input.failed === 1 ? '' : 's'} with damaged files kept documents out`] : []),
        ]),
    '',
    '## Schema',
    '',
    'Also in `schema.json`.',
    '',
    '```json',
    schemaJson(input.schema).trimEnd(),
    '```',
    '',
  ];
  return lines.join('\n');
}

/** The schema as pretty JSON with a trailing newline (`schema.json` of a bundle). */
export function schemaJson(schema: Schema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], empty: string): string[] {
  if (rows.length === 0) return [empty];
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** A value safe inside a Markdown table cell: no line breaks, `|` escaped. */
function cell(value: string): string {
  return value.replace(/\r\n|[\r\n]/g, ' ').replace(/\|/g, '\\|');
}

function sorted<V>(map: ReadonlyMap<string, V>): [string, V][] {
  return [...map.entries()].sort(([a], [b]) => compare(a, b));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
