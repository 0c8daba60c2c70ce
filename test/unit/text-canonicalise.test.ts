import { describe, expect, it } from 'vitest';
import { canonicalise, canonicaliseBytes, decodeText } from '../../shared/text/canonicalise';
import { cpSlice, seed000, seed004 } from '../fixtures/text/load';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * windows-1256 bytes of the Arabic letters and punctuation used below, hand-copied from the
 * WHATWG index (https://encoding.spec.whatwg.org/index-windows-1256.txt); ASCII is itself.
 */
const CP1256: Readonly<Record<string, number>> = {
  '،': 0xa1, 'أ': 0xc3, 'إ': 0xc5, 'ا': 0xc7, 'ب': 0xc8, 'ة': 0xc9, 'ت': 0xca, 'ح': 0xcd,
  'د': 0xcf, 'ر': 0xd1, 'ز': 0xd2, 'س': 0xd3, 'ش': 0xd4, 'ص': 0xd5, 'ض': 0xd6, 'ظ': 0xd9,
  'ع': 0xda, 'ف': 0xdd, 'ق': 0xde, 'ك': 0xdf, 'ل': 0xe1, 'م': 0xe3, 'ن': 0xe4, 'ه': 0xe5,
  'و': 0xe6, 'ي': 0xed,
};

function cp1256(s: string): Uint8Array {
  return Uint8Array.from([...s], (c) => {
    const code = c.codePointAt(0) as number;
    const byte = code < 0x80 ? code : CP1256[c];
    if (byte === undefined) throw new Error(`no windows-1256 byte for ${c} in the test table`);
    return byte;
  });
}

/** The first two lines of seed 000, `محافظة\nدير الزور` included. */
const opening = seed000.split('\n').slice(0, 2).join('\n');

describe('canonicalise: text that is already canonical', () => {
  it('leaves seed 000 alone and maps every offset to itself', () => {
    const c = canonicalise(seed000);
    expect(c.text).toBe(seed000);
    expect(c.info).toEqual({ bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] });
    for (const cp of [0, 91, 100, 2083]) {
      expect(c.mapOffset(cp, 'start')).toBe(cp);
      expect(c.mapOffset(cp, 'end')).toBe(cp);
    }
  });

  it('finds دير الزور in seed 000 at 91–100, right after the hard line break', () => {
    const c = canonicalise(seed000);
    expect(cpSlice(c.text, 91, 100)).toBe('دير الزور');
    expect(cpSlice(c.text, 84, 100)).toBe('محافظة\nدير الزور');
  });

  it('refuses offsets outside the raw text', () => {
    const c = canonicalise('\uFEFFسوريا');
    expect(() => c.mapOffset(-1, 'start')).toThrow(RangeError);
    expect(() => c.mapOffset(7, 'end')).toThrow(RangeError);
    expect(() => c.mapOffset(0.5, 'end')).toThrow(RangeError);
    expect(c.mapOffset(6, 'end')).toBe(5);
  });
});

describe('canonicalise: BOM and line breaks', () => {
  it('removes a leading BOM; offsets inside it map to 0, later ones move back one', () => {
    const c = canonicalise(`\uFEFF${seed000}`);
    expect(c.text).toBe(seed000);
    expect(c.info.bomRemoved).toBe(true);
    expect(c.mapOffset(0, 'start')).toBe(0);
    expect(c.mapOffset(1, 'start')).toBe(0);
    expect(c.mapOffset(1, 'end')).toBe(0);
    expect(c.mapOffset(92, 'start')).toBe(91); // دير الزور, brat counting the BOM
    expect(c.mapOffset(101, 'end')).toBe(100);
    expect(c.mapOffset(2084, 'end')).toBe(2083);
  });

  it('removes only one BOM and warns about the one left inside', () => {
    const c = canonicalise('\uFEFF\uFEFFدير الزور\n\uFEFFسوريا');
    expect(c.text).toBe('\uFEFFدير الزور\n\uFEFFسوريا');
    expect(c.info.warnings).toHaveLength(1);
    expect(c.info.warnings[0]).toContain('2 U+FEFF');
    expect(c.info.warnings[0]).toContain('line 1');
  });

  it('turns CRLF into LF; an offset between \\r and \\n maps to the LF', () => {
    const raw = seed000.replaceAll('\n', '\r\n');
    const c = canonicalise(raw);
    expect(c.text).toBe(seed000);
    expect(c.info.crlf).toBe(15);
    expect(c.info.cr).toBe(0);
    expect(cpSlice(raw, 90, 92)).toBe('\r\n');
    expect(c.mapOffset(90, 'start')).toBe(90); // before \r: the LF
    expect(c.mapOffset(91, 'start')).toBe(90); // between \r and \n: the LF
    expect(c.mapOffset(91, 'end')).toBe(90);
    expect(c.mapOffset(92, 'start')).toBe(91); // دير
    expect(c.mapOffset(101, 'end')).toBe(100); // الزور
    expect(c.mapOffset(2098, 'end')).toBe(2083); // the end, 15 CRs later
  });

  it('turns lone CRs into LF without moving any offset', () => {
    const raw = seed004.replaceAll('\n', '\r');
    const c = canonicalise(raw);
    expect(c.text).toBe(seed004);
    expect(c.info.cr).toBe(18);
    expect(c.info.crlf).toBe(0);
    for (const cp of [0, 100, 1000, 2365]) expect(c.mapOffset(cp, 'start')).toBe(cp);
  });

  it('handles BOM, CRLF and lone CR together (CR CR LF is a lone CR then a CRLF)', () => {
    const raw = '\uFEFFمحافظة\r\nدير الزور\r\rشرقي\r\r\nسوريا\r\n';
    const c = canonicalise(raw);
    expect(c.text).toBe('محافظة\nدير الزور\n\nشرقي\n\nسوريا\n');
    expect(c.info).toMatchObject({ bomRemoved: true, crlf: 3, cr: 3 });
    // raw: BOM 0, محافظة 1–7, \r 7, \n 8, دير الزور 9–18, \r 18, \r 19, شرقي 20–24, \r 24, \r 25, \n 26, سوريا 27–32
    expect(c.mapOffset(9, 'start')).toBe(7);
    expect(c.mapOffset(18, 'end')).toBe(16);
    expect(c.mapOffset(20, 'start')).toBe(18);
    expect(c.mapOffset(24, 'end')).toBe(22);
    expect(c.mapOffset(26, 'start')).toBe(23); // between the second \r and its \n
    expect(c.mapOffset(27, 'start')).toBe(24);
    expect(c.mapOffset(32, 'end')).toBe(29);
    expect(c.mapOffset(34, 'end')).toBe(30);
  });
});

describe('canonicalise: NFC', () => {
  it('composes alef + hamza above into أ; an offset inside the cluster goes to its start or end', () => {
    const raw = 'القوات الا\u0654مريكية';
    const c = canonicalise(raw);
    expect(c.text).toBe('القوات الأمريكية');
    expect(c.info.nfcChanged).toBe(true);
    expect(c.mapOffset(7, 'start')).toBe(7); // ال of الأمريكية
    expect(c.mapOffset(9, 'start')).toBe(9); // before ا + hamza
    expect(c.mapOffset(10, 'start')).toBe(9); // between ا and the hamza
    expect(c.mapOffset(10, 'end')).toBe(10);
    expect(c.mapOffset(11, 'start')).toBe(10); // after the cluster
    expect(c.mapOffset(17, 'end')).toBe(16);
    expect(cpSlice(c.text, c.mapOffset(7, 'start'), c.mapOffset(17, 'end'))).toBe('الأمريكية');
  });

  it('composes Latin e + U+0301 into é inside Arabic text', () => {
    const raw = 'قال مراسل Reuters في Cafe\u0301 دمشق';
    const c = canonicalise(raw);
    expect(c.text).toBe('قال مراسل Reuters في Café دمشق');
    expect(c.mapOffset(21, 'start')).toBe(21); // C
    expect(c.mapOffset(24, 'start')).toBe(24); // before e + U+0301
    expect(c.mapOffset(25, 'start')).toBe(24);
    expect(c.mapOffset(25, 'end')).toBe(25);
    expect(c.mapOffset(26, 'end')).toBe(25); // after é
    expect(c.mapOffset(31, 'end')).toBe(30); // end of دمشق
  });

  it('reorders shadda + fatha (same length) and treats the cluster as changed', () => {
    const raw = 'الطائرات المسي\u0651\u064Eرة';
    const c = canonicalise(raw);
    expect(c.text).toBe('الطائرات المسي\u064E\u0651رة');
    expect(c.info.nfcChanged).toBe(true);
    expect(c.mapOffset(14, 'start')).toBe(13); // between shadda and fatha: cluster start (ي)
    expect(c.mapOffset(14, 'end')).toBe(16); // cluster end
    expect(c.mapOffset(16, 'start')).toBe(16);
  });

  it('never applies NFKC: the lam-alef ligature stays one character, and is warned about', () => {
    const c = canonicalise('ﻻ توجد إصابات');
    expect(c.text).toBe('ﻻ توجد إصابات');
    expect(c.info.nfcChanged).toBe(false);
    expect(c.info.warnings).toHaveLength(1);
    expect(c.info.warnings[0]).toContain('1 Arabic presentation form');
  });

  it('keeps harakat that are already NFC, such as قُتِلَ', () => {
    const c = canonicalise('قُتِلَ ثلاثةُ مدنيّين');
    expect(c.text).toBe('قُتِلَ ثلاثةُ مدنيّين');
    expect(c.info.nfcChanged).toBe(false);
  });

  it('maps through BOM, CRLF and NFC together', () => {
    const raw = '\uFEFFقال المرصد:\r\nالقوات الا\u0654مريكية\r\n';
    const c = canonicalise(raw);
    expect(c.text).toBe('قال المرصد:\nالقوات الأمريكية\n');
    // raw: BOM 0, قال المرصد: 1–12, \r 12, \n 13, القوات 14–20, space 20, الا + hamza + مريكية 21–31
    expect(c.mapOffset(14, 'start')).toBe(12);
    expect(c.mapOffset(23, 'start')).toBe(21); // before ا + hamza
    expect(c.mapOffset(24, 'start')).toBe(21);
    expect(c.mapOffset(24, 'end')).toBe(22);
    expect(c.mapOffset(31, 'end')).toBe(28);
    expect(cpSlice(c.text, c.mapOffset(21, 'start'), c.mapOffset(31, 'end'))).toBe('الأمريكية');
    expect(c.mapOffset(33, 'end')).toBe(29);
  });
});

describe('canonicalise: warnings', () => {
  it('warns about presentation forms with their count and first line', () => {
    const c = canonicalise('في محافظة\nﺩﻳﺮ ﺍﻟﺰﻭﺭ');
    expect(c.info.warnings).toEqual([
      '8 Arabic presentation form character(s) (U+FB50–U+FDFF, U+FE70–U+FEFE), first on line 2: ' +
        'the text was probably extracted from a PDF, and search will not match these letters.',
    ]);
  });

  it('warns about UTF-8 Arabic read as windows-1256', () => {
    const mojibake = new TextDecoder('windows-1256').decode(utf8('في الزور'));
    expect(mojibake).toContain('ط§ظ„');
    const c = canonicalise(`سطر سليم\n${mojibake}`);
    expect(c.info.warnings).toHaveLength(1);
    expect(c.info.warnings[0]).toContain('line 2');
    expect(c.info.warnings[0]).toContain('mojibake');
  });
});

describe('decodeText', () => {
  it('decodes UTF-8 and keeps a BOM in the raw text', () => {
    const withBom = decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(opening)]), 'a.txt');
    expect(withBom).toEqual({ ok: true, value: { text: `\uFEFF${opening}`, encoding: 'utf-8' } });
    expect(decodeText(utf8(seed004), 'b.txt')).toEqual({ ok: true, value: { text: seed004, encoding: 'utf-8' } });
  });

  it('falls back to windows-1256 when the bytes are not UTF-8', () => {
    const bytes = cp1256(opening);
    expect(bytes.slice(0, 4)).toEqual(Uint8Array.from([0xd4, 0xe5, 0xcf, 0xca])); // شهدت
    expect(decodeText(bytes, 'old.txt')).toEqual({ ok: true, value: { text: opening, encoding: 'windows-1256' } });
  });

  it('refuses an empty file, and a file that holds only a BOM', () => {
    expect(decodeText(new Uint8Array(0), 'empty.txt')).toEqual({
      ok: false,
      errors: [{ file: 'empty.txt', message: 'empty.txt is empty' }],
    });
    const bomOnly = decodeText(Uint8Array.from([0xef, 0xbb, 0xbf]), 'bom.txt');
    expect(bomOnly.ok).toBe(false);
    if (!bomOnly.ok) expect(bomOnly.errors[0]?.message).toContain('only a byte order mark');
  });

  it('refuses UTF-16 text by its byte order mark, even without a NUL byte', () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, 0x2f, 0x06, 0x4a, 0x06, 0x31, 0x06]); // دير, UTF-16LE
    expect(decodeText(utf16, 'wide.txt')).toEqual({
      ok: false,
      errors: [{ file: 'wide.txt', line: 1, message: 'wide.txt is UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8' }],
    });
  });

  it('refuses NUL bytes with the line they are on (UTF-16 text without a BOM, here)', () => {
    const utf16 = Uint8Array.from([...'ab\ncd\r\nef\rg'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(decodeText(utf16, 'wide.txt')).toEqual({
      ok: false,
      errors: [
        {
          file: 'wide.txt',
          line: 1,
          message: 'wide.txt is not text: it contains a NUL byte (a binary file, or UTF-16 text: save it as UTF-8)',
        },
      ],
    });
    const late = decodeText(Uint8Array.from([...utf8('سطر\r\nسطر\rسطر\n'), 0, 0x41]), 'late.txt');
    expect(late.ok ? undefined : late.errors[0]?.line).toBe(4);
  });

  it('refuses a file that is mostly control characters, naming the line of the first', () => {
    const bytes = Uint8Array.from([...utf8('سوريا\n'), 0x01, 0x02, 0x1b, 0x7f, 0x03, 0x41]);
    const result = decodeText(bytes, 'blob.bin');
    expect(result).toEqual({
      ok: false,
      errors: [{ file: 'blob.bin', line: 2, message: 'blob.bin is not text: 5 of its 12 characters are control characters' }],
    });
  });

  it('accepts a text with a stray control character', () => {
    const result = decodeText(utf8(`${opening}\u0007`), 'bell.txt');
    expect(result.ok).toBe(true);
  });

  it('refuses a UTF-8 BOM followed by bytes that are not UTF-8, naming the line', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('سطر\nسطر\n'), ...cp1256('دير')]);
    expect(decodeText(bytes, 'mixed.txt')).toEqual({
      ok: false,
      errors: [{ file: 'mixed.txt', line: 3, message: 'mixed.txt starts with a UTF-8 byte order mark but is not valid UTF-8' }],
    });
  });
});

describe('canonicaliseBytes', () => {
  it('decodes and canonicalises a UTF-8 file with BOM and CRLF', () => {
    const raw = `\uFEFF${opening.replaceAll('\n', '\r\n')}`;
    const result = canonicaliseBytes(utf8(raw), '000.txt');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const c = result.value;
    expect(c.raw).toBe(raw);
    expect(c.text).toBe(opening);
    expect(c.canonicalisation).toEqual({
      encoding: 'utf-8',
      bomRemoved: true,
      crlf: 1,
      cr: 0,
      nfcChanged: false,
      warnings: [],
    });
    expect(c.info).toEqual({ bomRemoved: true, crlf: 1, cr: 0, nfcChanged: false, warnings: [] });
    // brat offsets of دير الزور in the raw file: BOM and \r counted
    expect(cpSlice(c.raw, 93, 102)).toBe('دير الزور');
    expect(c.mapOffset(93, 'start')).toBe(91);
    expect(c.mapOffset(102, 'end')).toBe(100);
  });

  it('reads windows-1256 bytes with CRLF, and says so in the warnings', () => {
    const result = canonicaliseBytes(cp1256(opening.replace('\n', '\r\n')), 'old.txt');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const c = result.value;
    expect(c.text).toBe(opening);
    expect(c.canonicalisation.encoding).toBe('windows-1256');
    expect(c.canonicalisation.crlf).toBe(1);
    expect(c.canonicalisation.warnings).toEqual([
      'old.txt is not valid UTF-8 (first bad byte on line 1); it was read as windows-1256: ' +
        'check that the Arabic reads correctly.',
    ]);
    expect(c.info.warnings).toEqual(c.canonicalisation.warnings);
    expect(c.mapOffset(92, 'start')).toBe(91);
  });

  it('passes decoding errors through', () => {
    expect(canonicaliseBytes(new Uint8Array(0), 'x.txt')).toEqual({
      ok: false,
      errors: [{ file: 'x.txt', message: 'x.txt is empty' }],
    });
  });
});
