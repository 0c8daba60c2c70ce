/**
 * The wire form of the host's answers and its errors, without the argument schemas of
 * host-contract.ts (which re-exports all of this): what the renderer needs at run time, so that
 * its bundle neither holds nor builds those schemas when it starts. The hosts validate arguments;
 * the renderer only unwraps replies.
 */
import type { FileProblem } from './model.js';

/** `locked`: another Hashiya process holds the write lock of the annotator's layers (see `Session.readOnly`). */
export type HostErrorCode = 'invalid_argument' | 'not_found' | 'conflict' | 'locked' | 'corpus' | 'no_corpus' | 'no_annotator' | 'sync' | 'internal';

/** The wire form of every answer, over IPC and HTTP alike. */
export type HostReply<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: { readonly code: HostErrorCode; readonly message: string; readonly problems: readonly FileProblem[] };
    };

export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
    readonly problems: readonly FileProblem[] = [],
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/** Turns any failure into the wire form, keeping a HostError's code and problems. */
export function errorReply(error: unknown): HostReply<never> {
  if (error instanceof HostError) {
    return { ok: false, error: { code: error.code, message: error.message, problems: error.problems } };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal', message, problems: [] } };
}

/** The renderer's side of the wire: unwraps a reply or throws the HostError it carries. */
export function unwrapReply<T>(reply: HostReply<T>): T {
  if (reply.ok) return reply.value;
  throw new HostError(reply.error.code, reply.error.message, reply.error.problems);
}
