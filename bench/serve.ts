/**
 * Runs the real CLI as a user would: `hashiya serve` for the browser measurements, and one-shot
 * commands (`export`, `agreement`, `validate`) timed from spawn to exit.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startServe, type ServedProcess } from '../test/support/hashiya-serve';

/** The project's `bin/hashiya.js`. */
export function cliPath(root: string): string {
  return path.join(root, 'bin', 'hashiya.js');
}

export type Served = Pick<ServedProcess, 'url' | 'stop'>;

/** Starts `hashiya serve` on `corpus` as `annotator` with a fresh HASHIYA_HOME; resolves with its URL. */
export function serve(root: string, corpus: string, annotator: string): Promise<Served> {
  return startServe({ root, corpus, annotator, timeoutSeconds: 60 });
}

/** Runs `hashiya <args>`; resolves with the wall time in milliseconds, rejects on a non-zero exit. */
export async function timeCli(root: string, args: readonly string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [cliPath(root), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const elapsed = performance.now() - started;
  if (code !== 0) throw new Error(`hashiya ${args.join(' ')} exited with ${code}:\n${errors.slice(0, 2000)}`);
  return elapsed;
}
