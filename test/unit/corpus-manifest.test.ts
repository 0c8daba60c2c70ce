import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA, parseManifest, serializeManifest } from '../../shared/corpus/manifest';
import { parseDocumentMeta, serializeDocumentMeta } from '../../shared/corpus/document-meta';
import { deriveDocumentId, validateAnnotatorName, validateDocumentId } from '../../shared/corpus/ids';
import type { DocumentMeta } from '../../shared/model';

const FILE = '/corpus/hashiya.json';

describe('manifest', () => {
  it('serialises pretty, in a fixed order, with a trailing newline', () => {
    const text = serializeManifest({ name: 'أخبار سوريا', schema: DEFAULT_SCHEMA });
    expect(text.startsWith('{\n  "format": "hashiya-corpus",\n  "version": 2,\n  "name": "أخبار سوريا",\n  "schema": {\n    "labels": [\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseManifest(text, FILE)).toEqual({ ok: true, value: { name: 'أخبار سوريا', schema: DEFAULT_SCHEMA } });
  });

  it('has the four default labels on keys 1–4 with four distinct light colours', () => {
    expect(DEFAULT_SCHEMA.labels.map((l) => `${l.key}:${l.name}`)).toEqual(['1:Actor', '2:Place', '3:CasualtyCount', '4:Claim']);
    const colors = DEFAULT_SCHEMA.labels.map((l) => l.color);
    expect(new Set(colors).size).toBe(4);
    for (const color of colors) {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16) / 255) as [number, number, number];
      // Relative luminance high enough for dark text on it (WCAG contrast with black > 10).
      const lin = (c: number): number => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      expect((luminance + 0.05) / 0.05).toBeGreaterThan(10);
    }
  });

  it('names the line of a syntax error', () => {
    const text = '{\n  "format": "hashiya-corpus",\n  "version": 1\n  "name": "x"\n}\n';
    expect(parseManifest(text, FILE)).toEqual({ ok: false, errors: [{ file: FILE, line: 4, message: 'invalid JSON: expected "," or "}", found character "\\""' }] });
  });

  it('names the line of each bad member', () => {
    const text = serializeManifest({ name: 'x', schema: DEFAULT_SCHEMA })
      .replace('"color": "#b2f2bb"', '"color": "green"')
      .replace('"key": "3"', '"key": "1"')
      .replace('"version": 2', '"version": 3');
    const parsed = parseManifest(text, FILE);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const linesWith = (needle: string): number[] => text.split('\n').flatMap((l, i) => (l.includes(needle) ? [i + 1] : []));
    expect(linesWith('"key": "1"')).toHaveLength(2);
    expect(parsed.errors).toEqual([
      { file: FILE, line: 3, message: 'manifest version 3 is not supported (this Hashiya reads versions 1 and 2)' },
      { file: FILE, line: linesWith('"green"')[0], message: 'label "Place": colour "green" must be written #rrggbb' },
      // CasualtyCount's key, the second "1": the label given the key twice is named on its own line.
      { file: FILE, line: linesWith('"key": "1"')[1], message: 'key "1" is given to both "Actor" and "CasualtyCount"' },
    ]);
  });

  it('reads a version 1 manifest, written before attributes and relations: none of either', () => {
    const v1 = [
      '{',
      '  "format": "hashiya-corpus",',
      '  "version": 1,',
      '  "name": "seeds",',
      '  "schema": {',
      '    "labels": [',
      '      {',
      '        "name": "Actor",',
      '        "color": "#ffd8a8",',
      '        "key": "1"',
      '      },',
      '      {',
      '        "name": "Place",',
      '        "color": "#b2f2bb",',
      '        "key": "2"',
      '      }',
      '    ]',
      '  }',
      '}',
      '',
    ].join('\n');
    expect(parseManifest(v1, FILE)).toEqual({
      ok: true,
      value: {
        name: 'seeds',
        schema: {
          labels: [
            { name: 'Actor', color: '#ffd8a8', key: '1', attributes: [] },
            { name: 'Place', color: '#b2f2bb', key: '2', attributes: [] },
          ],
          relations: [],
        },
      },
    });
  });

  it('names the line of a reference to a label that does not exist, and of a bad attribute type', () => {
    const text = serializeManifest({ name: 'x', schema: DEFAULT_SCHEMA })
      .replace('"targets": [\n              "Claim"\n            ]', '"targets": [\n              "Statement"\n            ]')
      .replace('"type": "boolean"', '"type": "flag"');
    const lines = text.split('\n');
    const parsed = parseManifest(text, FILE);
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { file: FILE, line: lines.indexOf('            "type": "flag",') + 1, message: '"type" must be one of "choice", "number", "text", "boolean", "reference", not "flag"' },
    ]);
    // With the shape right, the content is checked: the target names no label.
    const fixed = text.replace('"type": "flag"', '"type": "boolean"');
    const again = parseManifest(fixed, FILE);
    expect(again.ok ? [] : again.errors).toEqual([
      { file: FILE, line: lines.indexOf('              "Statement"') + 1, message: 'attribute CasualtyCount.reported_by: target "Statement" is not a label of the schema' },
    ]);
  });

  it('refuses a file that is not a manifest, a missing schema and a non-ASCII label', () => {
    expect(parseManifest('[]', FILE)).toEqual({ ok: false, errors: [{ file: FILE, line: 1, message: 'the manifest must be a JSON object, not an array' }] });
    const missing = parseManifest('{"format":"hashiya-corpus","version":1,"name":"x"}', FILE);
    expect(missing.ok ? [] : missing.errors.map((e) => e.message)).toEqual(['the manifest is missing "schema"']);
    const arabic = parseManifest('{"format":"hashiya-corpus","version":1,"name":"x","schema":{"labels":[{"name":"مكان","color":"#ffffff","key":""}]}}', FILE);
    expect(arabic.ok ? '' : arabic.errors[0]?.message).toContain('brat type names are ASCII');
  });
});

describe('document meta', () => {
  const meta: DocumentMeta = {
    id: '000_7db2a034c338d373',
    source: '000_7db2a034c338d373.txt',
    importedAt: '2025-03-01T10:15:00.000Z',
    sha256: '0'.repeat(64),
    length: 2083,
    canonicalisation: { encoding: 'windows-1256', bomRemoved: true, crlf: 14, cr: 0, nfcChanged: false, warnings: ['read as windows-1256'] },
  };

  it('round-trips with a fixed member order', () => {
    const text = serializeDocumentMeta(meta);
    expect(text.split('\n').slice(0, 7)).toEqual([
      '{',
      '  "id": "000_7db2a034c338d373",',
      '  "source": "000_7db2a034c338d373.txt",',
      '  "importedAt": "2025-03-01T10:15:00.000Z",',
      `  "sha256": "${'0'.repeat(64)}",`,
      '  "length": 2083,',
      '  "canonicalisation": {',
    ]);
    expect(parseDocumentMeta(text, 'm.json')).toEqual({ ok: true, value: meta });
  });

  it('names the line of a bad hash and of a bad encoding', () => {
    const text = serializeDocumentMeta(meta).replace('0'.repeat(64), 'ABC').replace('"windows-1256"', '"latin1"');
    const parsed = parseDocumentMeta(text, 'm.json');
    expect(parsed.ok ? [] : parsed.errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '5: "sha256": must be 64 lower-case hex digits',
      '8: "encoding" must be one of "utf-8", "windows-1256", not "latin1"',
    ]);
  });
});

describe('ids', () => {
  it('accepts the seed ids and refuses paths', () => {
    expect(validateDocumentId('000_7db2a034c338d373').ok).toBe(true);
    for (const bad of ['', '../x', 'a/b', '.hidden', 'x'.repeat(129), 'دير', 'con', 'NUL.txt']) {
      expect(validateDocumentId(bad).ok, bad).toBe(false);
    }
  });

  it('derives ids from file names deterministically, -2 on a clash', () => {
    expect(deriveDocumentId('/in/000_7db2a034c338d373.txt')).toBe('000_7db2a034c338d373');
    expect(deriveDocumentId('report 1 (final).txt')).toBe('report_1_final');
    expect(deriveDocumentId('café.txt')).toBe('cafe');
    expect(deriveDocumentId('CON.txt')).toBe('CON_');
    const arabic = deriveDocumentId('خبر دير الزور.txt');
    expect(arabic).toMatch(/^doc-[0-9a-f]{8}$/);
    expect(deriveDocumentId('خبر دير الزور.txt')).toBe(arabic);
    expect(deriveDocumentId('خبر آخر.txt')).not.toBe(arabic);
    expect(deriveDocumentId('x.txt', new Set(['x']))).toBe('x-2');
    expect(deriveDocumentId('X.txt', new Set(['x', 'x-2']))).toBe('X-3');
    for (const name of ['report 1 (final).txt', 'café.txt', 'خبر.txt', `${'long'.repeat(50)}.txt`]) {
      expect(validateDocumentId(deriveDocumentId(name, new Set([deriveDocumentId(name)]))).ok, name).toBe(true);
    }
  });

  it('accepts Arabic and Latin annotator names and refuses anything that is not a plain folder name', () => {
    for (const good of ['علي', 'Ali', 'fatima.z', 'رنا حداد', 'annotator_2', 'Zoë']) {
      expect(validateAnnotatorName(good), good).toEqual({ ok: true, value: good });
    }
    const refusals: [string, string][] = [
      ['', 'empty'],
      ['..', 'must not start or end with "."'],
      ['.git', 'must not start or end with "."'],
      ['a/b', 'must not contain "/"'],
      ['a\\b', 'must not contain "/" or "\\"'],
      ['two  spaces', 'single spaces'],
      [' lead', 'single spaces'],
      ['tab\there', 'single spaces'],
      ['Zoe\u0308', 'NFC'],
      ['x'.repeat(65), 'longer than 64'],
      ['aux', 'Windows reserves'],
    ];
    for (const [name, message] of refusals) {
      const checked = validateAnnotatorName(name);
      expect(checked.ok ? '' : checked.errors[0]?.message, JSON.stringify(name)).toContain(message);
    }
  });
});
