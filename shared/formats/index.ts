/**
 * The exchange formats Hashiya reads and writes, by name: the one public surface of
 * `shared/formats/`. Each adapter implements {@link FormatAdapter} (see `format.ts`); callers pick
 * one with {@link formatAdapter} and never import an adapter module directly.
 */
import { bratFormat } from './brat.js';
import { conllFormat } from './conll.js';
import { csvFormat } from './csv.js';
import { FORMAT_NAMES, type FormatAdapter, type FormatName } from './format.js';
import { jsonlFormat } from './jsonl.js';
import { w3cFormat } from './w3c.js';
import { xmiFormat } from './xmi.js';

export * from './format.js';

/** Every adapter by its name, in the order of {@link FORMAT_NAMES}. */
export const FORMATS: ReadonlyMap<FormatName, FormatAdapter> = new Map<FormatName, FormatAdapter>(
  [bratFormat, w3cFormat, jsonlFormat, conllFormat, csvFormat, xmiFormat]
    .sort((a, b) => FORMAT_NAMES.indexOf(a.name) - FORMAT_NAMES.indexOf(b.name))
    .map((adapter) => [adapter.name, adapter]),
);

/** The adapter of `name`. Every {@link FormatName} has one, so this never fails for a typed name. */
export function formatAdapter(name: FormatName): FormatAdapter {
  const adapter = FORMATS.get(name);
  if (adapter === undefined) throw new Error(`no adapter registered for format "${name}"`);
  return adapter;
}

/** `text` as a {@link FormatName} when it is one (exactly, lower case), else undefined. */
export function parseFormatName(text: string): FormatName | undefined {
  return (FORMAT_NAMES as readonly string[]).includes(text) ? (text as FormatName) : undefined;
}

/** Formats that can be read back (`parse` present), in {@link FORMAT_NAMES} order. */
export function importableFormats(): readonly FormatName[] {
  return [...FORMATS.values()].filter((a) => a.parse !== undefined).map((a) => a.name);
}
