import { Schema, type Node } from '@tiptap/pm/model';
import { describe, expect, it } from 'vitest';
import { EditorPositions } from '../../shared/text/editor-positions';
import { breakingNews, cpSlice, random, seed000, seed004 } from '../fixtures/text/load';

// The oracle: a real ProseMirror document built the way the editor builds it, one paragraph per line.
const schema = new Schema({
  nodes: { doc: { content: 'paragraph+' }, paragraph: { content: 'text*' }, text: {} },
});

function docOf(text: string): Node {
  return schema.node(
    'doc',
    null,
    text.split('\n').map((line) => schema.node('paragraph', null, line === '' ? [] : [schema.text(line)])),
  );
}

/** Checks both directions against ProseMirror for every offset and every valid position. */
function checkAgainstProseMirror(text: string): void {
  const positions = new EditorPositions(text);
  const doc = docOf(text);
  const length = [...text].length;
  expect(doc.textBetween(0, doc.content.size, '\n')).toBe(text);
  for (let cp = 0; cp <= length; cp++) {
    const pos = positions.toPos(cp);
    expect(doc.resolve(pos).parent.type.name).toBe('paragraph');
    expect(doc.textBetween(0, pos, '\n')).toBe(cpSlice(text, 0, cp));
    expect(positions.fromPos(pos)).toBe(cp);
  }
  for (let pos = 0; pos <= doc.content.size; pos++) {
    const before = doc.textBetween(0, pos, '\n');
    const last = before.charCodeAt(before.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      expect(() => positions.fromPos(pos)).toThrow(RangeError);
    } else if (doc.resolve(pos).parent.type.name === 'paragraph') {
      expect(positions.fromPos(pos)).toBe([...before].length);
    }
  }
}

describe('EditorPositions on the breaking-news fixture', () => {
  const positions = new EditorPositions(breakingNews);

  it('splits into paragraphs, with an empty one for the empty line and one for the trailing newline', () => {
    expect(positions.lines).toHaveLength(5);
    expect(positions.lines[1]).toBe('');
    expect(positions.lines[3]).toBe('دير الزور فجر الجمعة.');
    expect(positions.lines[4]).toBe('');
  });

  it('maps code points to positions (hand-counted: 🔴 and 🇸🇾 are two UTF-16 units per code point)', () => {
    expect(positions.toPos(0)).toBe(1); // start of paragraph 0
    expect(positions.toPos(9)).toBe(11); // ق of قُتِلَ, after 🔴
    expect(positions.toPos(15)).toBe(17); // after قُتِلَ
    expect(positions.toPos(62)).toBe(64); // دير الزور on line 0
    expect(positions.toPos(74)).toBe(78); // the first \n: end of paragraph 0, after 🇸🇾
    expect(positions.toPos(75)).toBe(80); // the empty paragraph 1
    expect(positions.toPos(76)).toBe(82); // start of paragraph 2
    expect(positions.toPos(127)).toBe(133); // محافظة
    expect(positions.toPos(133)).toBe(139); // the \n inside محافظة\nدير الزور
    expect(positions.toPos(134)).toBe(141); // دير on paragraph 3
    expect(positions.toPos(143)).toBe(150); // after الزور
    expect(positions.toPos(156)).toBe(164); // end of text: the empty last paragraph
  });

  it('maps positions to code points', () => {
    expect(positions.fromPos(1)).toBe(0);
    expect(positions.fromPos(3)).toBe(1); // after 🔴
    expect(positions.fromPos(11)).toBe(9);
    expect(positions.fromPos(80)).toBe(75);
    expect(positions.fromPos(141)).toBe(134);
    expect(positions.fromPos(150)).toBe(143);
  });

  it('clamps paragraph-boundary positions as documented', () => {
    expect(positions.fromPos(0)).toBe(0); // before paragraph 0
    expect(positions.fromPos(79)).toBe(74); // between paragraphs 0 and 1: end of line 0
    expect(positions.fromPos(81)).toBe(75); // between the empty paragraph 1 and paragraph 2
    expect(positions.fromPos(140)).toBe(133); // between paragraphs 2 and 3
    expect(positions.fromPos(165)).toBe(156); // after the last paragraph
  });

  it('throws RangeError out of range and inside a surrogate pair', () => {
    expect(() => positions.toPos(-1)).toThrow(RangeError);
    expect(() => positions.toPos(157)).toThrow(RangeError);
    expect(() => positions.toPos(2.5)).toThrow(RangeError);
    expect(() => positions.fromPos(-1)).toThrow(RangeError);
    expect(() => positions.fromPos(166)).toThrow(RangeError);
    expect(() => positions.fromPos(2)).toThrow(RangeError); // between the halves of 🔴
  });

  it('gives the span across the line break the same text in the editor', () => {
    const doc = docOf(breakingNews);
    expect(doc.content.size).toBe(165);
    expect(doc.textBetween(positions.toPos(127), positions.toPos(143), '\n')).toBe('محافظة\nدير الزور');
    expect(doc.textBetween(positions.toPos(9), positions.toPos(15))).toBe('قُتِلَ');
    expect(doc.textBetween(positions.toPos(72), positions.toPos(74))).toBe('🇸🇾');
  });

  it('agrees with ProseMirror at every offset and position', () => {
    checkAgainstProseMirror(breakingNews);
  });
});

describe('EditorPositions on the seeds', () => {
  it('puts دير الزور after the hard line break of seed 000 at positions 93–102', () => {
    const positions = new EditorPositions(seed000);
    expect(positions.toPos(91)).toBe(93);
    expect(positions.toPos(100)).toBe(102);
    expect(positions.fromPos(93)).toBe(91);
    expect(positions.fromPos(102)).toBe(100);
    expect(docOf(seed000).textBetween(93, 102)).toBe('دير الزور');
  });

  it('agrees with ProseMirror on seed 000 and on seed 004 (which has an empty line)', () => {
    checkAgainstProseMirror(seed000);
    checkAgainstProseMirror(seed004);
  });
});

describe('EditorPositions on edge-case texts', () => {
  it('handles the empty text: one empty paragraph', () => {
    const positions = new EditorPositions('');
    expect(positions.lines).toEqual(['']);
    expect(positions.toPos(0)).toBe(1);
    expect(positions.fromPos(0)).toBe(0);
    expect(positions.fromPos(1)).toBe(0);
    expect(positions.fromPos(2)).toBe(0);
    expect(() => positions.fromPos(3)).toThrow(RangeError);
  });

  it('handles texts that are only newlines, or start with one', () => {
    checkAgainstProseMirror('\n');
    checkAgainstProseMirror('\n\nسوريا\n');
    const positions = new EditorPositions('\n\n');
    expect(positions.toPos(0)).toBe(1);
    expect(positions.toPos(1)).toBe(3);
    expect(positions.toPos(2)).toBe(5);
  });

  it('agrees with ProseMirror on generated texts with harakat, tatweel, emoji and line breaks', () => {
    const next = random(2024);
    const pieces = ['ق', 'ُ', 'ت', 'ِ', 'ل', 'َ', 'ـ', ' ', '\n', '\n\n', '🔴', '🇸🇾', '𞸀', '«', '»'];
    for (let n = 0; n < 40; n++) {
      let text = '';
      const size = Math.floor(next() * 30);
      for (let i = 0; i < size; i++) text += pieces[Math.floor(next() * pieces.length)];
      checkAgainstProseMirror(text);
    }
  });
});
