/**
 * The disagreement table as CSV: `document,start,end,text`, then one column per annotator with
 * that annotator's label (`O` for none; empty when the annotator has not annotated the
 * document). Offsets are code points.
 *
 * RFC 4180: a header row, fields separated by commas, records ended by CRLF (the last one too), a
 * field quoted with `"` when it holds a comma, a quote, CR or LF (quotes doubled inside); line
 * breaks inside a row's text are kept, quoted. The file starts with a UTF-8 byte order mark so
 * that Excel opens the Arabic as UTF-8 (as the CSV export does). Values are written as they are.
 *
 * @see https://www.rfc-editor.org/rfc/rfc4180
 */
import type { DisagreementRow } from './disagreements.js';

/** The UTF-8 byte order mark the file starts with (one code point, U+FEFF). */
export const CSV_BOM = '\uFEFF';

/** One field as RFC 4180 wants it: quoted (quotes doubled) when it holds `,`, `"`, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value;
}

/** The CSV text of `rows` with one column per annotator of `annotators` (BOM first, CRLF line ends). */
export function disagreementCsv(rows: readonly DisagreementRow[], annotators: readonly string[]): string {
  const records = [
    ['document', 'start', 'end', 'text', ...annotators],
    ...rows.map((r) => [r.document, String(r.start), String(r.end), r.text, ...annotators.map((a) => r.labels[a] ?? '')]),
  ];
  return CSV_BOM + records.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}
