/**
 * The app's first two host calls, the session and the document list, made as soon as the page's
 * script begins ({@link beginStartupCalls}, from `begin-host-calls.ts`, main.tsx's first import):
 * before the rest of the bundle (React, the editor) is evaluated and the first render's effects
 * would ask. The host works the list out meanwhile, on its own core, and both requests go out
 * before the fonts take the browser's connections to the host (six at a time over HTTP/1.1). On
 * the bench's corpus of 10,000 documents the list was asked for ~300 ms after the script began.
 *
 * The store takes them once, for its first session ({@link takeStartupCalls}); any later session
 * or list is asked for anew. A call that fails rejects only where it is taken.
 */
import type { DocumentSummary, HostApi, Session } from '../../shared/host-contract';

export interface StartupCalls {
  readonly session: Promise<Session>;
  readonly documents: Promise<readonly DocumentSummary[]>;
}

let calls: StartupCalls | null = null;
let begun = false;

/** Asks `host` for the session and the document list, once per page (a second call does nothing). */
export function beginStartupCalls(host: Pick<HostApi, 'getSession' | 'listDocuments'>): void {
  if (begun) return;
  begun = true;
  const session = host.getSession();
  const documents = host.listDocuments();
  // Not an unhandled rejection while nobody has taken them yet (the store's await still sees it).
  session.catch(() => undefined);
  documents.catch(() => undefined);
  calls = { session, documents };
}

/** The calls {@link beginStartupCalls} made, the first time it is asked after them; null otherwise. */
export function takeStartupCalls(): StartupCalls | null {
  const taken = calls;
  calls = null;
  return taken;
}
