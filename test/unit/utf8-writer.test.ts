import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8Writer, utf8 } from '../../shared/formats/utf8-writer';

describe('Utf8Writer', () => {
  it('gives the UTF-8 of the pieces written, in order, growing past its capacity', () => {
    const out = new Utf8Writer(16);
    out.text('{"exact": ');
    out.text(JSON.stringify('قُتِلَ ثلاثةُ 🇸🇾'));
    out.raw(utf8(',\n  "x": '));
    out.text('é\u2028\ud83d'); // a lone surrogate becomes U+FFFD, as TextEncoder makes it
    expect(new TextDecoder().decode(out.bytes())).toBe('{"exact": "قُتِلَ ثلاثةُ 🇸🇾",\n  "x": é\u2028\ufffd');
    expect(out.bytes()).toEqual(new TextEncoder().encode('{"exact": "قُتِلَ ثلاثةُ 🇸🇾",\n  "x": é\u2028\ud83d'));
  });

  it('gives what TextEncoder gives for the concatenation of any strings (property)', () => {
    const unit = fc.constantFrom('a', ' ', '"', '\n', '\u007f', '\u0080', 'é', 'ق', 'ً', '€', '\ud83d', '\ude00', '🔴', '\uffff');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.string({ unit, maxLength: 40 })), { maxLength: 30 }), fc.integer({ min: 1, max: 64 }), (pieces, capacity) => {
        const out = new Utf8Writer(capacity);
        for (const [raw, piece] of pieces) {
          if (raw) out.raw(utf8(piece));
          else out.text(piece);
        }
        // raw pieces are encoded alone, so a surrogate pair split between pieces is two U+FFFD: compare piece by piece.
        const expected = pieces.flatMap(([, piece]) => [...new TextEncoder().encode(piece)]);
        expect([...out.bytes()]).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
