import { describe, expect, it } from 'vitest';
import { joinSentencesOver, splitSentences, tokenize, type TextToken } from '../../shared/formats/arabic-tokens';
import { cpSlice, random, seed000, seed004 } from '../fixtures/text/load';

// The ANERcorp-style tokens and the sentence rule behind the CoNLL export (and XMI's Token/Sentence).

const texts = (tokens: readonly TextToken[]): string[] => tokens.map((t) => t.text);

function sentencesOf(text: string): string[] {
  const tokens = tokenize(text);
  return splitSentences(text, tokens).map((s) => texts(tokens.slice(s.firstToken, s.endToken)).join(' '));
}

describe('tokenize', () => {
  it('splits Arabic and ASCII punctuation off, keeps clitics on their word', () => {
    expect(texts(tokenize('وقالت وسائل إعلام؛ إن «عدة» إصابات، وقعت؟ نعم۔ (كوردستان 24)-'))).toEqual([
      'وقالت', 'وسائل', 'إعلام', '؛', 'إن', '«', 'عدة', '»', 'إصابات', '،', 'وقعت', '؟', 'نعم', '۔', '(', 'كوردستان', '24', ')', '-',
    ]);
  });

  it('keeps the tatweel and harakat inside their word', () => {
    expect(texts(tokenize('بـ "الانتهاك الصارخ"'))).toEqual(['بـ', '"', 'الانتهاك', 'الصارخ', '"']);
    expect(texts(tokenize('قُتِلَ مدنيّين بـقصفٍ'))).toEqual(['قُتِلَ', 'مدنيّين', 'بـقصفٍ']);
    const seed = tokenize(seed004).find((t) => t.text === 'بـ');
    expect(seed).toMatchObject({ kind: 'word', end: (seed?.start ?? 0) + 2 });
  });

  it('counts code points: offsets after an emoji and a flag', () => {
    const text = '🔴 عاجل 🇸🇾 قصف';
    const tokens = tokenize(text);
    expect(tokens.map((t) => [t.text, t.start, t.end, t.kind])).toEqual([
      ['🔴', 0, 1, 'punct'],
      ['عاجل', 2, 6, 'word'],
      ['🇸🇾', 7, 9, 'punct'],
      ['قصف', 10, 13, 'word'],
    ]);
    for (const t of tokens) expect(cpSlice(text, t.start, t.end)).toBe(t.text);
  });

  it('makes one token per grapheme, one per run of the same mark, and keeps numbers whole', () => {
    expect(texts(tokenize('👍🏽❤️ ...!! ؟؟ 2.5 ١٬٠٠٠ ٣٫٥ 10:30 2021/06 "24".'))).toEqual([
      '👍🏽', '❤️', '...', '!!', '؟؟', '2.5', '١٬٠٠٠', '٣٫٥', '10:30', '2021/06', '"', '24', '"', '.',
    ]);
  });

  it('leaves white space, bidi and other format characters out, keeps ZWNJ inside a word', () => {
    expect(texts(tokenize('می\u200Cخواهم \u200Fقال\u200E\u00A0دير\tالزور\u2028x'))).toEqual(['می\u200Cخواهم', 'قال', 'دير', 'الزور', 'x']);
    expect(tokenize(' \n\t\u200F')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });

  it('tokenises the seeds into disjoint, ordered tokens that are exactly their text', () => {
    for (const text of [seed000, seed004]) {
      const tokens = tokenize(text);
      let previousEnd = 0;
      for (const t of tokens) {
        expect(t.start).toBeGreaterThanOrEqual(previousEnd);
        expect(t.end).toBeGreaterThan(t.start);
        expect(cpSlice(text, t.start, t.end)).toBe(t.text);
        expect(/\s/u.test(t.text)).toBe(false);
        previousEnd = t.end;
      }
      // What lies between tokens is white space only (the seeds hold no format characters).
      for (let i = 1; i < tokens.length; i++) {
        expect(cpSlice(text, (tokens[i - 1] as TextToken).end, (tokens[i] as TextToken).start)).toMatch(/^\s*$/u);
      }
    }
    expect(tokenize(seed000)).toHaveLength(400);
    expect(tokenize(seed004)).toHaveLength(425);
  });

  it('property: tokens cover every character that is not space or format, and nothing else', () => {
    const pieces = ['د', 'ي', 'ر', 'ـ', '\u064E', '\u0651', ' ', '\n', '،', '.', '؟', '"', '«', '»', '(', ')', '3', '٣', ',', '🔴', '🇸🇾', '\u200F', '\u200C', 'a'];
    const next = random(2003);
    for (let run = 0; run < 300; run++) {
      let text = '';
      const length = Math.floor(next() * 30);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)] as string;
      const tokens = tokenize(text);
      const covered = new Array<boolean>([...text].length).fill(false);
      let previousEnd = 0;
      for (const t of tokens) {
        expect(t.start).toBeGreaterThanOrEqual(previousEnd);
        expect(cpSlice(text, t.start, t.end)).toBe(t.text);
        for (let c = t.start; c < t.end; c++) covered[c] = true;
        previousEnd = t.end;
      }
      [...text].forEach((char, c) => {
        const outside = /^[\s\p{Cf}]$/u.test(char);
        // A ZWNJ between two letters belongs to the word; anywhere else it is left out.
        if (char !== '\u200C') expect(covered[c], `${JSON.stringify(text)} at ${c}`).toBe(!outside);
      });
      const sentences = splitSentences(text, tokens);
      expect(sentences.flatMap((s) => tokens.slice(s.firstToken, s.endToken))).toEqual(tokens);
    }
  });
});

describe('splitSentences', () => {
  it('ends sentences on . ! ? ؟ ۔ … with the closing quotes written right after them', () => {
    expect(sentencesOf('قال: "نعم." ثم ذهب! هل عاد؟ لا۔ ربما… انتهى')).toEqual([
      'قال : " نعم . "',
      'ثم ذهب !',
      'هل عاد ؟',
      'لا ۔',
      'ربما …',
      'انتهى',
    ]);
  });

  it('does not end a sentence at an abbreviation dot or inside a number or a name', () => {
    expect(sentencesOf('قال د. أحمد إن U.S. forces قصفت 2.5 كم. ثم عاد.')).toEqual(['قال د . أحمد إن U . S . forces قصفت 2.5 كم .', 'ثم عاد .']);
  });

  it('seed 000: a hard line break inside a name is no boundary; the standalone web residue is its own sentence', () => {
    const sentences = sentencesOf(seed000);
    expect(sentences).toHaveLength(14);
    expect(sentences[0]).toBe('شهدت الساعات الماضية ، قصفا متبادلا بين القوات الأمريكية ، ومليشيات موالية لإيران ، في محافظة دير الزور ، شرقي سوريا .');
    expect(sentences[2]).toContain('سيطرة المليشيات الإيرانية في مدينة الميادين');
    expect(sentences[10]).toBe('إظهار أخبار متعلقة');
    expect(sentences[11]?.startsWith('ووصف المتحدث')).toBe(true);
  });

  it('seed 004: the headline line and the paragraph before a blank line are sentences of their own', () => {
    const sentences = sentencesOf(seed004);
    expect(sentences.slice(0, 4)).toEqual([
      '" هجوم مدفعي " يستهدف الأمريكيين في سوريا بعد قصف جوي على حدود العراق',
      '" لا توجد إصابات ويتم تقييم الأضرار .',
      'سنقدم تحديثات عندما يكون لدينا مزيد من المعلومات "',
      'أربيل ( كوردستان 24 ) - تعرضت القوات الأمريكية الاثنين لهجوم صاروخي في سوريا رداً فيما يبدو على الضربات الجوية الأمريكية التي استهدفت فصائل متحالفة مع إيران داخل الأراضي السورية والعراقية .',
    ]);
    expect(sentences).toHaveLength(20);
    expect(sentences).toContain('ووصفت سوريا الضربات بـ " الانتهاك الصارخ لحرمة الأراضي السورية والعراقية " .');
  });

  it('breaks after a standalone line only: not after a line with clause punctuation, not after a wrapped continuation', () => {
    expect(sentencesOf('عاجل: قصف على\nدير الزور')).toEqual(['عاجل : قصف على دير الزور']);
    expect(sentencesOf('قصف على دير الزور\nوقال المرصد إن')).toEqual(['قصف على دير الزور', 'وقال المرصد إن']);
    expect(sentencesOf('قال المرصد، إن القصف على\nدير الزور\nاستمر.')).toEqual(['قال المرصد ، إن القصف على دير الزور استمر .']);
    expect(sentencesOf('سطر\n\nسطر آخر، بفاصلة\n\n\nثالث')).toEqual(['سطر', 'سطر آخر ، بفاصلة', 'ثالث']);
  });

  it('joinSentencesOver: a range across a boundary joins the two sentences', () => {
    const text = 'قصف على محافظة\nدير الزور\nوقال المرصد.';
    const tokens = tokenize(text);
    const sentences = splitSentences(text, tokens);
    expect(sentences.map((s) => [s.start, s.end])).toEqual([[0, 14], [15, 24], [25, 37]]);
    const joined = joinSentencesOver(sentences, [{ start: 8, end: 24 }]);
    expect(joined.map((s) => [s.start, s.end, s.firstToken, s.endToken])).toEqual([[0, 24, 0, 5], [25, 37, 5, 8]]);
    expect(joinSentencesOver(sentences, [{ start: 0, end: 3 }])).toEqual(sentences);
  });
});
