/**
 * Runs the real CLI as a user would: `hashiya serve` for the browser measurements, and one-shot
 * commands (`export`, `agreement`, `validate`) timed from spawn to exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The project's `bin/hashiya.js`. */
export function cliPath(root: string): string {
  return path.join(root, 'bin', 'hashiya.js');
}

export interface Served {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts `hashiya serve` on `corpus` as `annotator` with a fresh HASHIYA_HOME; resolves with its URL. */
export async function serve(root: string, corpus: string, annotator: string): Promise<Served> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'hashiya-bench-home-'));
  const child: ChildProcess = spawn(process.execPath, [cliPath(root), 'serve', '--port', '0', '--corpus', corpus, '--annotator', annotator], {
    env: { ...process.env, HASHIYA_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hashiya serve printed no URL:\n${output}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`hashiya serve exited with ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(home, { recursive: true, force: true });
    },
  };
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
