import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';

/** What Hashiya remembers between runs, per user (not per corpus). */
export interface Settings {
  readonly annotator: string | null;
  /** Absolute path of the corpus last opened; null means the seeds working copy. */
  readonly corpus: string | null;
}

const EMPTY: Settings = { annotator: null, corpus: null };

/**
 * Reads the settings file. A missing file gives empty settings; a damaged one is reported by
 * `onProblem` and treated as empty (it is only overwritten when the user changes a setting).
 */
export async function readSettings(file: string, onProblem: (message: string) => void = () => {}): Promise<Settings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY;
    throw error;
  }
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return {
      annotator: typeof value.annotator === 'string' ? value.annotator : null,
      corpus: typeof value.corpus === 'string' ? value.corpus : null,
    };
  } catch (error) {
    onProblem(`${file}: not valid JSON (${(error as Error).message}); using defaults`);
    return EMPTY;
  }
}

export async function writeSettings(file: string, settings: Settings): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify({ annotator: settings.annotator, corpus: settings.corpus }, null, 2)}\n`);
}
