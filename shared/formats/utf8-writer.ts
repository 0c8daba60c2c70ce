/**
 * Building a large UTF-8 text piece by piece, straight into bytes. A writer that makes a JSON
 * document of mostly fixed ASCII lines around a few strings (a W3C collection) spends less this
 * way than by building one JavaScript string, which is two bytes a character as soon as one
 * Arabic letter is in it, and encoding that whole string afterwards.
 */

import type { ExportFile } from './format.js';

const encoder = new TextEncoder();
/** Keeps a byte order mark as U+FEFF (a CSV file starts with one): the text the bytes were encoded from. */
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** A file given as its UTF-8 bytes, its text decoded from them when first read (and only then). */
export function utf8File(path: string, bytes: Uint8Array): ExportFile {
  let content: string | undefined;
  return {
    path,
    bytes,
    get content(): string {
      content ??= decoder.decode(bytes);
      return content;
    },
  };
}

/** `text` as UTF-8 (a lone surrogate as U+FFFD, as `TextEncoder` does). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * A growing UTF-8 byte buffer. {@link bytes} is what was written, in order; text is encoded as
 * `TextEncoder` encodes it (a lone surrogate becomes U+FFFD), so writing strings gives the bytes
 * of their concatenation.
 */
export class Utf8Writer {
  #buffer: Uint8Array;
  #length = 0;

  constructor(capacity = 1 << 16) {
    this.#buffer = new Uint8Array(Math.max(16, capacity));
  }

  /** Appends bytes (an encoded piece made once with {@link utf8}, e.g.). */
  raw(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /** Appends `text` encoded as UTF-8. */
  text(text: string): void {
    const n = text.length;
    this.#reserve(n);
    const buffer = this.#buffer;
    let at = this.#length;
    let i = 0;
    // ASCII, the usual case, byte by byte; the rest by the encoder.
    for (; i < n; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0x80) break;
      buffer[at++] = unit;
    }
    this.#length = at;
    if (i < n) {
      const rest = i === 0 ? text : text.slice(i);
      this.#reserve(rest.length * 3);
      this.#length += encoder.encodeInto(rest, this.#buffer.subarray(this.#length)).written;
    }
  }

  /** The bytes written so far (a view of the writer's buffer: copy it to keep it past later writes). */
  bytes(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }

  #reserve(more: number): void {
    const need = this.#length + more;
    if (need <= this.#buffer.length) return;
    let size = this.#buffer.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }
}
