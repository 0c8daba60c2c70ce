/** Node-side helpers for stored text: hashing and strict UTF-8 decoding. */
import { createHash } from 'node:crypto';

/** SHA-256 of `data` (a string is hashed as its UTF-8 bytes, no BOM added) as 64 lower-case hex digits. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes UTF-8 strictly: `undefined` for ill-formed bytes. A byte order mark is kept as U+FEFF
 * at the start (never silently dropped: it would move every offset by one).
 */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Whether `error` is a Node file-system error with the given code (`ENOENT`, ...). */
export function isErrnoCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
