/**
 * The crash campaign: a real `hashiya serve` (the built CLI) is driven through its HTTP host API
 * with annotate-and-save cycles, and killed with SIGKILL at random moments (a timer of 0–30 ms
 * armed while requests are in flight). After every kill the corpus is checked with
 * `hashiya validate`, the server restarted, and the layer read back through `loadLayer`: every
 * acknowledged save (a 200 reply with `ok: true`) must be there. When a save was in flight at the
 * kill, the layer may be at the last acknowledged state or at the in-flight one; nothing else.
 * The campaign then continues from the state on disk.
 *
 * Deterministic in its choices (seeded PRNG); where the kills land depends on timing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/**
 * Where `bin/hashiya.js`, `dist/` and `seeds/` are taken from: this repository, or a copy named by
 * CRASH_HASHIYA_ROOT (to check that the campaign catches a deliberately broken build).
 */
const HASHIYA_ROOT = process.env.CRASH_HASHIYA_ROOT || REPO_ROOT;
export const DOCUMENT_ID = '000_7db2a034c338d373';
const ANNOTATOR = 'crash';
const LABELS = ['Actor', 'Place', 'CasualtyCount', 'Claim'] as const;
const TEMP_PREFIX = '.hashiya-tmp-';
const TEMP_PROBLEM = 'left over from an interrupted save, or a save in progress; removed when the corpus is opened once it is a minute old';

export interface CampaignOptions {
  /** Save cycles to run. */
  readonly cycles: number;
  /** About this many kills over the campaign (each cycle arms one with probability kills left / cycles left). */
  readonly kills: number;
  /** PRNG seed: the same seed makes the same edits. */
  readonly seed: number;
  /** Progress lines; silent when absent. */
  readonly log?: (line: string) => void;
}

export interface CampaignResult {
  readonly seed: number;
  /** Save requests sent (acknowledged or not). */
  readonly cycles: number;
  readonly acknowledged: number;
  /** Random SIGKILLs that landed (the final stop is not counted). */
  readonly kills: number;
  /** Kills that landed while a save was in flight (no reply yet). */
  readonly killsDuringSave: number;
  /** Of those, how many times the in-flight save turned out to be on disk after the restart. */
  readonly inFlightSavesKept: number;
  /** Temporary files left behind by kills (warned of by validate, which still passes; then deleted). */
  readonly tempFilesLeft: number;
  /** Acknowledged spans (or span versions) missing after a restart. Must be 0. */
  readonly lost: number;
  /** Every violation found: lost data, unexpected layer content, validate failures, refused saves. */
  readonly problems: readonly string[];
  readonly seconds: number;
}

/** The summary line the test and the soak print. */
export function summaryLine(result: CampaignResult): string {
  return `crash test: ${result.cycles} cycles, ${result.kills} kills, ${result.lost} lost`;
}

interface SpanIn {
  id: string;
  label: string;
  start: number;
  end: number;
  text: string;
  attributes: Record<string, string | number | boolean>;
  note: string;
}

interface Snapshot {
  readonly revision: number;
  readonly spans: readonly SpanIn[];
}

type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

interface LoadedLayerValue {
  layer: { revision: number; spans: SpanIn[] };
}

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Arabic words of `text` with code point offsets (a letter, then letters and marks of the Arabic script). */
export function arabicWords(text: string): { start: number; end: number; text: string }[] {
  const chars = Array.from(text);
  const words: { start: number; end: number; text: string }[] = [];
  const isArabic = (c: string): boolean => /[\p{Script=Arabic}\p{M}]/u.test(c) && !/[\u060C\u061B\u061F\u066A-\u066D\u06D4]/u.test(c);
  let i = 0;
  while (i < chars.length) {
    const c = chars[i] ?? '';
    if (/\p{Script=Arabic}/u.test(c) && /\p{L}/u.test(c)) {
      let j = i + 1;
      while (j < chars.length && isArabic(chars[j] ?? '')) j++;
      words.push({ start: i, end: j, text: chars.slice(i, j).join('') });
      i = j;
    } else {
      i++;
    }
  }
  return words;
}

function spanKey(s: SpanIn): string {
  const attributes = Object.keys(s.attributes)
    .sort()
    .map((k) => [k, s.attributes[k]]);
  return JSON.stringify([s.id, s.label, s.start, s.end, s.text, attributes, s.note]);
}

function keys(spans: readonly SpanIn[]): string[] {
  return spans.map(spanKey).sort();
}

function sameSpans(a: readonly SpanIn[], b: readonly SpanIn[]): boolean {
  const ka = keys(a);
  const kb = keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

function toInput(s: SpanIn): SpanIn {
  return { id: s.id, label: s.label, start: s.start, end: s.end, text: s.text, attributes: { ...s.attributes }, note: s.note };
}

function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/hashiya.js', ...args], { cwd: HASHIYA_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Server {
  readonly child: ChildProcess;
  readonly origin: string;
  readonly token: string;
  readonly exited: Promise<void>;
  readonly dead: boolean;
  readonly output: string;
}

async function startServer(corpus: string, env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, ['bin/hashiya.js', 'serve', '--port', '0', '--corpus', corpus, '--annotator', ANNOTATOR], {
    cwd: HASHIYA_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { dead: false, output: '' };
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      state.dead = true;
      resolve();
    }),
  );
  child.stderr.on('data', (d: Buffer) => (state.output += d.toString()));
  const [origin, token] = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hashiya serve printed no URL:\n${state.output}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      state.output += d.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=([\w-]+)/.exec(state.output);
      if (match?.[1] && match[2]) {
        clearTimeout(timer);
        resolve([match[1], match[2]]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`hashiya serve exited before printing its URL:\n${state.output}`));
    });
  });
  return {
    child,
    origin,
    token,
    exited,
    get dead() {
      return state.dead;
    },
    get output() {
      return state.output;
    },
  };
}

/** POST /api/<method>; resolves with the reply, or rejects when the connection fails (a kill). */
async function call<T>(server: Server, method: string, args: unknown[]): Promise<{ status: number; reply: Reply<T> }> {
  const response = await fetch(`${server.origin}/api/${method}`, {
    method: 'POST',
    headers: { Cookie: `hashiya_token=${server.token}`, 'X-Hashiya-Token': server.token, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, reply: JSON.parse(text) as Reply<T> };
}

async function tempFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (entry.name.startsWith(TEMP_PREFIX)) found.push(file);
    }
  };
  await walk(dir);
  return found.sort();
}

export async function runCrashCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const began = Date.now();
  const log = options.log ?? (() => {});
  const random = prng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const work = await mkdtemp(path.join(os.tmpdir(), 'hashiya-crash-'));
  const home = path.join(work, 'home');
  const corpus = path.join(work, 'corpus');
  const env: NodeJS.ProcessEnv = { ...process.env, HASHIYA_HOME: home };
  const problems: string[] = [];
  let cycles = 0;
  let acknowledged = 0;
  let kills = 0;
  let killsDuringSave = 0;
  let inFlightSavesKept = 0;
  let tempFilesLeft = 0;
  let lost = 0;
  let server: Server | undefined;
  let killTimer: ReturnType<typeof setTimeout> | undefined;

  try {
    const imported = await run(['import', '--corpus', corpus, 'seeds'], env);
    if (imported.code !== 0) throw new Error(`hashiya import failed (${imported.code}):\n${imported.stdout}${imported.stderr}`);
    const text = await readFile(path.join(corpus, 'documents', `${DOCUMENT_ID}.txt`), 'utf8');
    const words = arabicWords(text);
    if (words.length < 50) throw new Error(`only ${words.length} Arabic words found in ${DOCUMENT_ID}`);

    /**
     * Checks the corpus after a kill: validate must pass, warning of exactly the temp files the
     * kill left in the corpus (those under .hashiya/, this machine's state, it does not check).
     * They are counted, then deleted.
     */
    const validate = async (when: string): Promise<void> => {
      const first = await run(['validate', '--corpus', corpus], env);
      const temps = await tempFiles(corpus);
      const inCorpus = temps.filter((t) => !path.relative(corpus, t).startsWith(`.hashiya${path.sep}`));
      const warnings = first.stderr.split('\n').filter((l) => l.includes('warning:'));
      const harmless = warnings.length === inCorpus.length && warnings.every((l) => l.includes(TEMP_PREFIX) && l.endsWith(TEMP_PROBLEM));
      if (first.code !== 0 || !harmless) {
        problems.push(`${when}: hashiya validate exited ${first.code}:\n${first.stdout}${first.stderr}`);
        return;
      }
      tempFilesLeft += temps.length;
      for (const t of temps) await unlink(t);
    };

    const settingsParse = async (when: string): Promise<void> => {
      try {
        JSON.parse(await readFile(path.join(home, 'settings.json'), 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${when}: ${home}/settings.json does not parse: ${String(error)}`);
      }
    };

    const load = async (s: Server): Promise<Snapshot> => {
      const { status, reply } = await call<LoadedLayerValue>(s, 'loadLayer', [DOCUMENT_ID]);
      if (status !== 200 || !reply.ok) throw new Error(`loadLayer failed (${status}): ${JSON.stringify(reply)}`);
      return { revision: reply.value.layer.revision, spans: reply.value.layer.spans.map(toInput) };
    };

    server = await startServer(corpus, env);
    let acked: Snapshot = await load(server);
    let nextId = 1;

    /** After a kill (random or final): validate, restart, compare with what was acknowledged. */
    const recover = async (inFlight: Snapshot | undefined, when: string): Promise<void> => {
      if (killTimer !== undefined) clearTimeout(killTimer);
      killTimer = undefined;
      await validate(when);
      await settingsParse(when);
      server = await startServer(corpus, env);
      const disk = await load(server);
      const isAcked = disk.revision === acked.revision && sameSpans(disk.spans, acked.spans);
      const isInFlight = inFlight !== undefined && disk.revision === inFlight.revision && sameSpans(disk.spans, inFlight.spans);
      if (isInFlight) inFlightSavesKept++;
      if (!isAcked && !isInFlight) {
        const onDisk = new Set(keys(disk.spans));
        const missing = keys(acked.spans).filter((k) => !onDisk.has(k));
        const allowed = new Set([...keys(acked.spans), ...(inFlight ? keys(inFlight.spans) : [])]);
        const extra = keys(disk.spans).filter((k) => !allowed.has(k));
        lost += missing.length + (disk.revision < acked.revision && missing.length === 0 ? 1 : 0);
        problems.push(
          `${when}: the layer is at revision ${disk.revision} with ${disk.spans.length} spans; acknowledged: revision ${acked.revision} with ${acked.spans.length}` +
            `${inFlight ? `, in flight: revision ${inFlight.revision} with ${inFlight.spans.length}` : ''}; missing ${missing.length}: ${missing.slice(0, 5).join(' ')}; unexpected ${extra.length}: ${extra.slice(0, 5).join(' ')}`,
        );
      }
      acked = disk; // continue from the state on disk
    };

    while (cycles < options.cycles) {
      // Arm a kill at a random moment while requests are in flight.
      // The chance follows what is left to do, so the campaign ends close to `options.kills` kills.
      const killChance = Math.min(1, Math.max(0, options.kills - kills) / Math.max(1, options.cycles - cycles));
      if (killTimer === undefined && random() < killChance) {
        const victim = server;
        killTimer = setTimeout(() => {
          killTimer = undefined;
          if (!victim.dead) victim.child.kill('SIGKILL');
        }, random() * 30);
      }

      // One edit: add a span on a real word, delete one, or change one's note.
      const spans = acked.spans.map(toInput);
      const roll = random();
      if (spans.length === 0 || (roll < 0.55 && spans.length < 60)) {
        const word = pick(words);
        spans.push({
          id: `s${options.seed.toString(36)}x${nextId++}`,
          label: pick(LABELS),
          start: word.start,
          end: word.end,
          text: word.text,
          attributes: {},
          note: random() < 0.3 ? `ملاحظة ${nextId} ${pick(words).text}` : '',
        });
      } else if (roll < 0.85) {
        spans.splice(Math.floor(random() * spans.length), 1);
      } else {
        const target = pick(spans);
        target.note = `${target.note} ${pick(words).text}`.trim().slice(-500);
      }
      const sent: Snapshot = { revision: acked.revision + 1, spans };
      cycles++;

      const current = server;
      let replied = false;
      try {
        const { status, reply } = await call<{ revision: number; spans: SpanIn[] }>(current, 'saveLayer', [
          DOCUMENT_ID,
          { spans, relations: [], rejected: [], status: 'in_progress', expectedRevision: acked.revision },
        ]);
        replied = true;
        if (status === 200 && reply.ok) {
          acknowledged++;
          if (reply.value.revision !== sent.revision || !sameSpans(reply.value.spans.map(toInput), spans)) {
            problems.push(`cycle ${cycles}: saveLayer acknowledged revision ${reply.value.revision} with other spans than sent (revision ${sent.revision})`);
          }
          acked = { revision: reply.value.revision, spans: reply.value.spans.map(toInput) };
        } else {
          problems.push(`cycle ${cycles}: saveLayer refused (${status}): ${JSON.stringify(reply).slice(0, 500)}`);
        }
      } catch (error) {
        // A connection failure is a kill only if the process is gone (an armed timer fires within 30 ms).
        await Promise.race([current.exited, new Promise((r) => setTimeout(r, 2000))]);
        if (!current.dead) throw new Error(`cycle ${cycles}: saveLayer failed with the server alive: ${String(error)}\n${current.output}`, { cause: error });
      }

      if (!replied || current.dead) {
        await current.exited;
        kills++;
        if (!replied) killsDuringSave++;
        await recover(replied ? undefined : sent, `kill ${kills} (cycle ${cycles})`);
        if (kills % 10 === 0) log(`crash campaign: ${cycles}/${options.cycles} cycles, ${kills} kills, ${problems.length} problems`);
      }
    }

    // The end: wait for an armed kill, else stop the server the same way; then check once more.
    if (killTimer !== undefined) {
      await Promise.race([server.exited, new Promise((r) => setTimeout(r, 100))]);
      if (!server.dead) server.child.kill('SIGKILL');
      await server.exited;
      kills++;
    } else {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await recover(undefined, 'final check');
    server.child.kill('SIGKILL');
    await server.exited;
  } finally {
    if (killTimer !== undefined) clearTimeout(killTimer);
    if (server && !server.dead) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    if (problems.length === 0) await rm(work, { recursive: true, force: true });
    else problems.push(`corpus kept for inspection: ${corpus}`);
  }

  return { seed: options.seed, cycles, acknowledged, kills, killsDuringSave, inFlightSavesKept, tempFilesLeft, lost, problems, seconds: (Date.now() - began) / 1000 };
}
