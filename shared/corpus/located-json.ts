/**
 * A JSON parser that remembers the 1-based line of every value, so that problems in the
 * corpus's JSON files (manifest, document meta, layer lines) can name the line they are on.
 * Accepts exactly RFC 8259 JSON (no comments, no trailing commas); a leading byte order mark
 * is skipped.
 */
import { assertNever } from '../model.js';

export type LocatedJson =
  | { readonly kind: 'null'; readonly line: number }
  | { readonly kind: 'boolean'; readonly line: number; readonly value: boolean }
  | { readonly kind: 'number'; readonly line: number; readonly value: number }
  | { readonly kind: 'string'; readonly line: number; readonly value: string }
  | { readonly kind: 'array'; readonly line: number; readonly items: readonly LocatedJson[] }
  | {
      readonly kind: 'object';
      readonly line: number;
      /** Members in file order. A repeated key is a parse error, so names are unique. */
      readonly members: ReadonlyMap<string, LocatedJson>;
    };

export type LocatedJsonResult =
  | { readonly ok: true; readonly value: LocatedJson }
  | { readonly ok: false; readonly line: number; readonly message: string };

/** Nesting deeper than this is refused (a corpus file never needs more than a few levels). */
const MAX_DEPTH = 64;

class JsonSyntaxError {
  constructor(
    readonly line: number,
    readonly message: string,
  ) {}
}

/**
 * Parses `text` as one JSON value. `firstLine` is the line number of the text's first line
 * (default 1), so a single line of a JSON Lines file can be parsed with its own line number.
 * Never throws: a syntax error is returned with the line it is on.
 */
export function parseLocatedJson(text: string, firstLine = 1): LocatedJsonResult {
  let pos = text.startsWith('\uFEFF') ? 1 : 0;
  let line = firstLine;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(line, message);
  };
  const describeAt = (): string => {
    if (pos >= text.length) return 'end of input';
    const cp = text.codePointAt(pos) ?? 0;
    return `character ${JSON.stringify(String.fromCodePoint(cp))}`;
  };

  const skipSpace = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x0a) {
        line += 1;
        pos += 1;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d) {
        pos += 1;
      } else {
        break;
      }
    }
  };

  const parseString = (): string => {
    // At the opening quote.
    pos += 1;
    let out = '';
    // Characters that need no decoding are copied a run at a time, not one by one.
    let run = pos;
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(run, pos);
        pos += 1;
        return out;
      }
      if (c < 0x20) fail(c === 0x0a ? 'line break inside a string' : 'control character inside a string');
      if (c === 0x5c) {
        out += text.slice(run, pos);
        const e = text[pos + 1];
        pos += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = text.slice(pos, pos + 4);
            if (!/^[0-9A-Fa-f]{4}$/.test(hex)) fail('bad \\u escape in a string');
            out += String.fromCharCode(parseInt(hex, 16));
            pos += 4;
            break;
          }
          default:
            pos -= 1;
            fail(`bad escape \\${e ?? ''} in a string`);
        }
        run = pos;
        continue;
      }
      pos += 1;
    }
  };

  const parseNumber = (): number => {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(pos, pos + 400));
    if (!match) return fail(`unexpected ${describeAt()}`);
    pos += match[0].length;
    return Number(match[0]);
  };

  const parseValue = (depth: number): LocatedJson => {
    if (depth > MAX_DEPTH) fail('nesting is too deep');
    skipSpace();
    const at = line;
    const c = text[pos];
    if (c === '{') {
      pos += 1;
      const members = new Map<string, LocatedJson>();
      skipSpace();
      if (text[pos] === '}') {
        pos += 1;
        return { kind: 'object', line: at, members };
      }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a quoted member name, found ${describeAt()}`);
        const keyLine = line;
        const key = parseString();
        if (members.has(key)) throw new JsonSyntaxError(keyLine, `member "${key}" appears twice`);
        skipSpace();
        if (text[pos] !== ':') fail(`expected ":" after "${key}", found ${describeAt()}`);
        pos += 1;
        members.set(key, parseValue(depth + 1));
        skipSpace();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === '}') {
          pos += 1;
          return { kind: 'object', line: at, members };
        }
        fail(`expected "," or "}", found ${describeAt()}`);
      }
    }
    if (c === '[') {
      pos += 1;
      const items: LocatedJson[] = [];
      skipSpace();
      if (text[pos] === ']') {
        pos += 1;
        return { kind: 'array', line: at, items };
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        skipSpace();
        if (text[pos] === ',') {
          pos += 1;
          continue;
        }
        if (text[pos] === ']') {
          pos += 1;
          return { kind: 'array', line: at, items };
        }
        fail(`expected "," or "]", found ${describeAt()}`);
      }
    }
    if (c === '"') return { kind: 'string', line: at, value: parseString() };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return { kind: 'number', line: at, value: parseNumber() };
    for (const [word, value] of [
      ['true', { kind: 'boolean', line: at, value: true }],
      ['false', { kind: 'boolean', line: at, value: false }],
      ['null', { kind: 'null', line: at }],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    return fail(`unexpected ${describeAt()}`);
  };

  try {
    skipSpace();
    if (pos >= text.length) return { ok: false, line, message: 'empty: expected a JSON value' };
    const value = parseValue(0);
    skipSpace();
    if (pos < text.length) fail(`unexpected ${describeAt()} after the JSON value`);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, line: error.line, message: `invalid JSON: ${error.message}` };
    throw error;
  }
}

/** `"an object"`, `"a string"`, ...: for messages that say what was found instead. */
export function describeJsonKind(value: LocatedJson): string {
  switch (value.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'a boolean';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    default:
      return assertNever(value, 'JSON value');
  }
}
