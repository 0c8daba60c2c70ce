import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../shared/review';
import { breakingNews, seed000, seed004 } from '../fixtures/text/load';

const node = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('sha256Hex (pure, for shared/)', () => {
  it('gives the FIPS 180-4 digests and the seeds\' stored hashes', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(seed000)).toBe('b6081c9170de48afc9e77079d28472b5ed64e15d4a4dc80fc70d6e72ae16b233');
    expect(sha256Hex(seed004)).toBe('3b310709473bce9c30b30d3c426c2b4cb868bb4a5991f1ec55954b83cd4a0b19');
    expect(sha256Hex(breakingNews)).toBe(node(breakingNews));
  });

  it('agrees with node:crypto at every padding boundary and on any text', () => {
    for (let n = 0; n <= 130; n++) expect(sha256Hex('a'.repeat(n))).toBe(node('a'.repeat(n)));
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => sha256Hex(text) === node(text)), { numRuns: 200 });
  });
});
