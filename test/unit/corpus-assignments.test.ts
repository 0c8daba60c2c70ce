import { describe, expect, it } from 'vitest';
import { assign, parseAssignments, queueOf, serializeAssignments, spreadAssignments } from '../../shared/corpus/assignments';
import type { DocumentStatus } from '../../shared/model';

const FILE = '/corpus/assignments.json';
const seeds = ['000_7db2a034c338d373', '004_fee82008326e4aee'];

describe('assignments.json', () => {
  it('round-trips, one document per line, names sorted (Arabic names included)', () => {
    const text = serializeAssignments(new Map([[seeds[1] as string, ['sara', 'نور']], [seeds[0] as string, ['نور', 'ali']]]));
    expect(text).toBe(
      '{"format": "hashiya-assignments", "version": 1, "documents": {\n' +
        '"000_7db2a034c338d373": ["ali","نور"],\n' +
        '"004_fee82008326e4aee": ["sara","نور"]\n' +
        '}}\n',
    );
    const back = parseAssignments(text, FILE);
    expect(back.ok && Object.fromEntries(back.value)).toEqual({ [seeds[0] as string]: ['ali', 'نور'], [seeds[1] as string]: ['sara', 'نور'] });
  });

  it('names the file and line of each problem', () => {
    const text = '{"format": "hashiya-assignments", "version": 1, "documents": {\n"../etc": ["ali"],\n"004_fee82008326e4aee": ["sara", "sara", 3]\n}}\n';
    const parsed = parseAssignments(text, FILE);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => [e.file, e.line])).toEqual([
      [FILE, 2],
      [FILE, 3],
      [FILE, 3],
    ]);
    expect(parsed.errors[1]?.message).toBe('"sara" is assigned to "004_fee82008326e4aee" twice');
    expect(parseAssignments('{"format": "hashiya-assignments",\n"version": 1,\n"documents": {}', FILE)).toMatchObject({ ok: false, errors: [{ file: FILE, line: 3 }] });
  });
});

describe('spreadAssignments', () => {
  const ids = Array.from({ length: 10 }, (_, i) => `doc-${String(i).padStart(2, '0')}`);

  it('gives every document N annotators with loads differing by at most one', () => {
    const spread = spreadAssignments(new Map(), ids, ['ali', 'sara', 'نور'], 2);
    expect([...spread.values()].every((names) => names.length === 2 && new Set(names).size === 2)).toBe(true);
    const load = (n: string) => [...spread.values()].filter((names) => names.includes(n)).length;
    expect([load('ali'), load('sara'), load('نور')].sort()).toEqual([6, 7, 7]);
    expect(spread.get('doc-00')).toEqual(['ali', 'sara']);
  });

  it('keeps hand-made assignments and only fills what is missing', () => {
    const byHand = assign(new Map(), 'doc-03', ['نور']);
    const spread = spreadAssignments(byHand, ids, ['ali', 'sara', 'نور'], 2);
    expect(spread.get('doc-03')).toContain('نور');
    expect(spread.get('doc-03')).toHaveLength(2);
    expect(() => spreadAssignments(new Map(), ids, ['ali'], 2)).toThrow(RangeError);
  });
});

describe('queueOf', () => {
  it('lists the annotator’s documents, unfinished first', () => {
    const a = new Map([
      ['doc-1', ['ali']],
      ['doc-2', ['ali', 'sara']],
      ['doc-3', ['ali']],
      ['doc-4', ['sara']],
    ]);
    const status: Record<string, DocumentStatus> = { 'doc-1': 'done', 'doc-2': 'not_started', 'doc-3': 'in_progress', 'doc-4': 'not_started' };
    expect(queueOf(a, 'ali', (id) => status[id] ?? 'not_started')).toEqual(['doc-3', 'doc-2', 'doc-1']);
  });
});
