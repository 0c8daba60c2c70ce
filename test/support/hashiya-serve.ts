/**
 * Starts the real `hashiya serve` (the built CLI, as a user runs it) and waits for the URL it
 * prints. Shared by the end-to-end fixtures and the benchmark; nothing here depends on a test
 * runner.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface ServeOptions {
  /** The repository root holding `bin/hashiya.js`. Default: the current folder. */
  readonly root?: string;
  readonly annotator?: string;
  readonly corpus?: string;
  /** A fixed port (the browser's storage is per origin: a restart on the same port finds it). Default: any free port. */
  readonly port?: number;
  /** An existing HASHIYA_HOME to use (and keep); default: a fresh one, removed on stop. */
  readonly home?: string;
  /** Seconds to wait for the URL. Default 20. */
  readonly timeoutSeconds?: number;
}

export interface ServedProcess {
  readonly url: string;
  /** HASHIYA_HOME of this run: settings.json and corpora/seeds live here. */
  readonly home: string;
  /** The corpus the host opened (the seeds working copy unless `corpus` was given). */
  readonly corpus: string;
  readonly output: () => string;
  /** SIGKILL: a crash of the host, nothing flushed or released. */
  kill(): Promise<void>;
  /** SIGTERM, then the fresh HASHIYA_HOME (if one was made) is removed. */
  stop(): Promise<void>;
}

export async function startServe(options: ServeOptions = {}): Promise<ServedProcess> {
  const home = options.home ?? (await mkdtemp(path.join(os.tmpdir(), 'hashiya-serve-')));
  const args = [path.join(options.root ?? '.', 'bin', 'hashiya.js'), 'serve', '--port', String(options.port ?? 0)];
  if (options.annotator) args.push('--annotator', options.annotator);
  if (options.corpus) args.push('--corpus', options.corpus);
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, HASHIYA_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hashiya serve printed no URL:\n${output}`)), (options.timeoutSeconds ?? 20) * 1000);
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
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  return {
    url,
    home,
    corpus: options.corpus ?? path.join(home, 'corpora', 'seeds'),
    output: () => output,
    kill: () => end('SIGKILL'),
    async stop() {
      await end('SIGTERM');
      if (options.home === undefined) await rm(home, { recursive: true, force: true });
    },
  };
}
