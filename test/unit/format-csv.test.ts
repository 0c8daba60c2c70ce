import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { CSV_FILE, csvField, csvFormat } from '../../shared/formats/csv';
import { FIXTURE_DOCUMENTS, fixtureContext, golden } from '../fixtures/formats/brat/load';

const GOLDEN = new URL('../fixtures/formats/csv/annotations.csv', import.meta.url);

/** A strict RFC 4180 reader (the test's oracle): CRLF records, quoted fields with doubled quotes. */
function readCsv(content: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < content.length) {
    const ch = content.charAt(i);
    if (ch === '"' && field === '') {
      let j = i + 1;
      for (;;) {
        const q = content.indexOf('"', j);
        if (q < 0) throw new Error(`unterminated quote at ${i}`);
        if (content.charAt(q + 1) === '"') {
          field += content.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        field += content.slice(j, q);
        i = q + 1;
        break;
      }
      const next = content.slice(i, i + 2);
      if (next !== '\r\n' && content.charAt(i) !== ',') throw new Error(`text after a closing quote at ${i}`);
      continue;
    }
    if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (content.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (ch === '\r' || ch === '\n' || ch === '"') {
      throw new Error(`bare ${JSON.stringify(ch)} at ${i} outside quotes`);
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

function table() {
  const { files, losses } = csvFormat.serialize(FIXTURE_DOCUMENTS, fixtureContext());
  const content = files[0]?.content ?? '';
  const [header, ...rows] = readCsv(content.slice(1));
  const cells = rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
  return { files, losses, content, header: header ?? [], rows, cells };
}

describe('CSV export', () => {
  it('writes the committed table byte for byte: UTF-8 with a BOM, CRLF, RFC 4180 quoting', () => {
    const { files, content } = table();
    expect(files.map((f) => f.path)).toEqual([CSV_FILE]);
    expect(content).toBe(golden(GOLDEN, content));
    expect(content.startsWith('\uFEFFdocument,span_id,label,start,end,text,outcome,value,min,max,qualifier,asserted_zero,')).toBe(true);
    expect(content.endsWith('\r\n')).toBe(true);
    expect(csvFormat.parse).toBeUndefined();
    expect(csvFormat.lossless).toBe(false);
  });

  it('has one row per CasualtyCount and Claim, each attribute in its own column, references as text and id', () => {
    const { header, cells } = table();
    expect(header).toEqual([
      'document', 'span_id', 'label', 'start', 'end', 'text',
      'outcome', 'value', 'min', 'max', 'qualifier', 'asserted_zero', 'affected_party', 'affected_party_id', 'reported_by', 'reported_by_id',
      'source', 'source_id', 'claim_kind', 'direct', 'cue', 'certainty',
      'actors', 'actor_ids', 'places', 'place_ids', 'note',
    ]);
    const labels = FIXTURE_DOCUMENTS.flatMap((d) => d.layer.spans.filter((s) => s.label === 'CasualtyCount' || s.label === 'Claim').map((s) => s.id));
    expect(cells.map((c) => c.span_id)).toEqual(labels);
    const five = cells.find((c) => c.text === 'خمسة جنود أمريكيين');
    expect(five).toMatchObject({
      document: '000_7db2a034c338d373', label: 'CasualtyCount', start: '1413', end: '1431', outcome: 'injured', value: '5', qualifier: 'exact',
      affected_party: 'جنود أمريكيين', affected_party_id: 's24', actors: 'جنود أمريكيين', actor_ids: 's24', places: 'سوريا', place_ids: 's20',
    });
    const zero = cells.find((c) => c.text === 'لم تقع إصابات');
    expect(zero).toMatchObject({ asserted_zero: 'true', value: '0', reported_by: 'قائلا إنه لم تقع إصابات في صفوف القوات الأمريكية', reported_by_id: 's27' });
    // A Claim across a hard line break keeps its newline inside one quoted field.
    const claim = cells.find((c) => c.span_id === 's8');
    expect(claim?.text).toContain('المليشيات\nالإيرانية');
    expect(claim).toMatchObject({ source: 'المرصد السوري لحقوق الإنسان', source_id: 's7', actors: 'المرصد السوري لحقوق الإنسان', places: 'دير الزور' });
    // Odd values are written as they are; a reference to a missing span keeps its id.
    const odd = cells.find((c) => c.document === 'emoji_0001' && c.span_id === 's7');
    expect(odd).toMatchObject({ outcome: 'injured_only', qualifier: 'two words', value: 'three', affected_party: '', affected_party_id: 's99', note: 'C:\\path\\to\tfile\u2028next line\r\nend' });
    expect(cells.find((c) => c.span_id === 's2' && c.document === 'emoji_0001')).toMatchObject({ start: '8', end: '25', places: 'حيّ العمال', actors: 'مدنيين' });
  });

  it('counts UTF-16 code units when asked', () => {
    const { files } = csvFormat.serialize(FIXTURE_DOCUMENTS, fixtureContext('utf16'));
    const row = readCsv((files[0]?.content ?? '').slice(1)).find((r) => r[0] === 'emoji_0001' && r[1] === 's2');
    expect(row?.slice(3, 5)).toEqual(['9', '26']);
  });

  it('says what the table leaves out, per document', () => {
    expect(table().losses).toEqual([
      { document: '000_7db2a034c338d373', message: '20 span(s) of other labels (Actor 12, Place 8) have no row; Actor and Place spans appear as the linked texts of rows' },
      { document: '000_7db2a034c338d373', message: '4 relation(s) do not link a row to an Actor or a Place and are not in the table' },
      { document: 'emoji_0001', message: '4 span(s) of other labels (Actor 2, Place 2) have no row; Actor and Place spans appear as the linked texts of rows' },
      { document: 'emoji_0001', message: '1 relation(s) do not link a row to an Actor or a Place and are not in the table' },
    ]);
  });

  it('prefixes a column with its label when both row labels, or a fixed column, use the name', () => {
    const schema = {
      labels: DEFAULT_SCHEMA.labels.map((l) =>
        l.name === 'Claim' ? { ...l, attributes: [...l.attributes, { name: 'outcome', type: 'text' as const, choices: [], targets: [], help: '' }, { name: 'note', type: 'text' as const, choices: [], targets: [], help: '' }] } : l,
      ),
      relations: DEFAULT_SCHEMA.relations,
    };
    const header = (csvFormat.serialize([], { ...fixtureContext(), schema }).files[0]?.content ?? '').slice(1).split('\r\n')[0]?.split(',') ?? [];
    expect(header.filter((h) => h.includes('outcome') || h.includes('note'))).toEqual(['CasualtyCount.outcome', 'Claim.outcome', 'Claim.note', 'note']);
  });

  it('quotes exactly the fields RFC 4180 requires', () => {
    expect(csvField('دير الزور')).toBe('دير الزور');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "no"')).toBe('"say ""no"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });
});
