/**
 * brat's `annotation.conf`, both ways: written from a Hashiya schema (plus the attribute values an
 * export actually wrote), and read back into the schema it describes.
 *
 * brat knows entity types, binary relations, and binary or multi-valued attributes. What it cannot
 * say (number, text and reference attributes, the order and help of choices, label colours and
 * keys) travels in comment lines `# hashiya-label: {json}` and `# hashiya-attribute: {json}`, which
 * brat skips like any other comment, so a Hashiya export reads back into the same schema.
 *
 * @see https://brat.nlplab.org/configuration.html
 */
import type { AttributeDef, FileProblem, LabelDef, RelationDef, Result, Schema } from '../model.js';

/**
 * The rule that lets any text-bound annotation overlap any other: contain, equal and cross, same
 * type included (brat refuses nested spans without it).
 */
export const BRAT_OVERLAP_RULE = '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>';

const LABEL_DIRECTIVE = 'hashiya-label';
const ATTRIBUTE_DIRECTIVE = 'hashiya-attribute';
const RELATION_DIRECTIVE = 'hashiya-relation';

/** Attribute name → values written on `A` lines that the schema's choices do not list (numbers, kept odd values). */
export type BratSeenValues = ReadonlyMap<string, ReadonlySet<string>>;

/** The labels at the two ends of the links of one relation type (or reference attribute) an export wrote. */
export interface BratSeenEnds {
  readonly from: ReadonlySet<string>;
  readonly to: ReadonlySet<string>;
}

/**
 * What an export wrote that the schema alone does not declare, so that brat's verifier accepts
 * every line: attribute values, span labels the schema lacks, and the labels at the ends of
 * relations and reference relations (stored values that stopped fitting the schema are kept).
 */
export interface BratSeen {
  readonly values: BratSeenValues;
  readonly labels: ReadonlySet<string>;
  /** Relation type or reference attribute name → labels seen at its ends. */
  readonly links: ReadonlyMap<string, BratSeenEnds>;
}

const NOTHING_SEEN: BratSeen = { values: new Map(), labels: new Set(), links: new Map() };

/** How one brat attribute type (a name shared by every label that has it) is declared. */
export interface BratAttributeDeclaration {
  readonly name: string;
  /** Labels that carry it, in schema order. */
  readonly labels: readonly string[];
  /** Binary (present or absent, for a boolean) or multi-valued (`Value:v1|v2`). */
  readonly valued: boolean;
  /** For a multi-valued one, every value it may hold. */
  readonly values: readonly string[];
}

/**
 * Whether `value` can be a brat attribute value: declared in `Value:a|b` (arguments are split at
 * commas and `|`, must hold no white space, and `<...>` is read as a macro) and written on an `A`
 * line. Python's white space includes U+001C–U+001F and U+0085, which JavaScript's `\s` does not.
 */
export function isBratValue(value: string): boolean {
  if (value === '') return false;
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (/\s/u.test(ch) || (code >= 0x1c && code <= 0x1f) || code === 0x85 || ',|<>'.includes(ch)) return false;
  }
  return true;
}

/**
 * The brat attribute types a schema needs: per attribute name, every label with a choice, number
 * or boolean attribute of that name. A name that is boolean everywhere is binary; a name that is a
 * choice or a number anywhere is multi-valued (a boolean of the same name is then written `true` or
 * `false`). Values are the choices (brat-safe ones, in schema order), then `true`/`false` for such
 * booleans, then the `seen` values, sorted. A number attribute with no value seen is not declared
 * (brat has no free numbers: an empty `Value:` list is an error). Text and reference attributes
 * are not brat attributes.
 */
export function bratAttributeDeclarations(schema: Schema, seen: BratSeenValues = new Map()): readonly BratAttributeDeclaration[] {
  const byName = new Map<string, { labels: string[]; kinds: Set<AttributeDef['type']>; choices: string[] }>();
  for (const label of schema.labels) {
    for (const a of label.attributes) {
      if (a.type === 'text' || a.type === 'reference') continue;
      const entry = byName.get(a.name) ?? { labels: [], kinds: new Set(), choices: [] };
      byName.set(a.name, entry);
      if (!entry.labels.includes(label.name)) entry.labels.push(label.name);
      entry.kinds.add(a.type);
      for (const c of a.choices) if (isBratValue(c) && !entry.choices.includes(c)) entry.choices.push(c);
    }
  }
  const declarations: BratAttributeDeclaration[] = [];
  for (const [name, entry] of byName) {
    const valued = entry.kinds.has('choice') || entry.kinds.has('number');
    if (!valued) {
      declarations.push({ name, labels: entry.labels, valued: false, values: [] });
      continue;
    }
    const values = [...entry.choices];
    if (entry.kinds.has('boolean')) values.push(...['true', 'false'].filter((v) => !values.includes(v)));
    const extra = [...(seen.get(name) ?? [])].filter((v) => isBratValue(v) && !values.includes(v)).sort(compareValues);
    values.push(...extra);
    if (values.length > 0) declarations.push({ name, labels: entry.labels, valued: true, values });
  }
  return declarations;
}

/** Numbers in numeric order, before anything else in code unit order. */
function compareValues(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  const xn = a.trim() !== '' && Number.isFinite(x);
  const yn = b.trim() !== '' && Number.isFinite(y);
  if (xn && yn) return x - y || (a < b ? -1 : a > b ? 1 : 0);
  if (xn !== yn) return xn ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Names of reference attributes that can be written as brat relations: every reference attribute
 * whose name is not also a relation type of the schema (such a clash would make the relation and
 * the attribute indistinguishable on import; those references are written as `hashiya.ref`
 * comments instead).
 */
export function referenceRelationNames(schema: Schema): ReadonlySet<string> {
  const relationTypes = new Set(schema.relations.map((r) => r.name));
  const names = new Set<string>();
  for (const label of schema.labels) {
    for (const a of label.attributes) if (a.type === 'reference' && !relationTypes.has(a.name)) names.add(a.name);
  }
  return names;
}

/**
 * `JSON.stringify` that also escapes U+0085, U+2028 and U+2029: brat (and Python's
 * `str.splitlines`) breaks lines at them, and a JSON value must stay on its line.
 */
export function lineSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0085\u2028\u2029]/gu, (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}

/**
 * brat's `annotation.conf` for `schema`: `[entities]` one per label (schema order), then the labels
 * of `seen` the schema lacks; `[relations]` the {@link BRAT_OVERLAP_RULE}, every relation type
 * (`Arg1:<from labels>, Arg2:<to labels>`) and every reference attribute brat can carry as a
 * relation named after it (targets, or `<ENTITY>` for any label), their label lists widened by
 * the ends `seen` in the data (a `# hashiya-relation:` comment then keeps the schema's own), then
 * relation types seen that the schema lacks; `[events]` empty; `[attributes]` the
 * {@link bratAttributeDeclarations} (`Arg:<labels>` and, for multi-valued ones, `Value:v1|v2|…`
 * including the values seen). A `# hashiya-label:` comment before each label and a
 * `# hashiya-attribute:` comment per attribute of every label carry the full schema. Ends with a
 * newline.
 */
export function bratAnnotationConf(schema: Schema, seen: BratSeen = NOTHING_SEEN): string {
  const lines: string[] = [
    '# brat annotation configuration written by Hashiya from the corpus schema.',
    '# Comments "# hashiya-label:", "# hashiya-attribute:" and "# hashiya-relation:" hold what brat cannot say',
    '# (attribute types, choices, help, colours, keys) so that Hashiya can read the schema back; brat skips them.',
    '[entities]',
  ];
  for (const l of schema.labels) {
    lines.push(`# ${LABEL_DIRECTIVE}: ${lineSafeJson({ name: l.name, color: l.color, key: l.key })}`, l.name);
  }
  const extraLabels = [...seen.labels].filter((l) => !schema.labels.some((s) => s.name === l)).sort();
  if (extraLabels.length > 0) lines.push('# Labels of exported spans that the schema does not have.', ...extraLabels);
  lines.push(
    '',
    '[relations]',
    '# Any text-bound annotation may overlap any other in any way (contain, equal, cross), same type included.',
    BRAT_OVERLAP_RULE,
  );
  const widened = (labels: readonly string[], more: ReadonlySet<string> | undefined): string[] => [
    ...labels,
    ...[...(more ?? [])].filter((l) => !labels.includes(l)).sort(),
  ];
  for (const r of schema.relations) {
    const link = seen.links.get(r.name);
    const from = r.from.length === 0 ? [] : widened(r.from, link?.from);
    const to = r.to.length === 0 ? [] : widened(r.to, link?.to);
    if (from.length !== r.from.length || to.length !== r.to.length) lines.push(`# ${RELATION_DIRECTIVE}: ${lineSafeJson(r)}`);
    lines.push(`${r.name}\tArg1:${argTypes(from)}, Arg2:${argTypes(to)}`);
  }
  const references = referenceRelationNames(schema);
  const referenceLines: string[] = [];
  for (const name of references) {
    const from = schema.labels.filter((l) => l.attributes.some((a) => a.type === 'reference' && a.name === name)).map((l) => l.name);
    const targets = schema.labels.flatMap((l) => l.attributes.filter((a) => a.type === 'reference' && a.name === name));
    const to = targets.some((a) => a.targets.length === 0) ? [] : widened([...new Set(targets.flatMap((a) => a.targets))], seen.links.get(name)?.to);
    referenceLines.push(`${name}\tArg1:${argTypes(from)}, Arg2:${argTypes(to)}`);
  }
  if (referenceLines.length > 0) lines.push('# Reference attributes, as relations named after the attribute.', ...referenceLines);
  const unknown = [...seen.links].filter(([name]) => !schema.relations.some((r) => r.name === name) && !references.has(name));
  if (unknown.length > 0) {
    lines.push('# Relation types of exported relations that the schema does not have.');
    for (const [name, ends] of unknown.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      lines.push(`${name}\tArg1:${argTypes(widened([], ends.from))}, Arg2:${argTypes(widened([], ends.to))}`);
    }
  }
  lines.push('', '[events]', '', '[attributes]');
  for (const l of schema.labels) {
    for (const a of l.attributes) lines.push(`# ${ATTRIBUTE_DIRECTIVE}: ${lineSafeJson({ label: l.name, ...a })}`);
  }
  for (const d of bratAttributeDeclarations(schema, seen.values)) {
    lines.push(`${d.name}\tArg:${d.labels.join('|')}${d.valued ? `, Value:${d.values.join('|')}` : ''}`);
  }
  lines.push('');
  return lines.join('\n');
}

function argTypes(labels: readonly string[]): string {
  return labels.length === 0 ? '<ENTITY>' : labels.join('|');
}

/** What an `annotation.conf` describes, as far as Hashiya can hold it. */
export interface BratConf {
  /** Entity types as labels with their attributes, relation types (reference attributes excluded). */
  readonly schema: Schema;
  /** Event types: their text-bound triggers and events are read past with a warning. */
  readonly eventTypes: readonly string[];
  /** Things read but not used (events, attributes of events or relations, unknown sections), with lines. */
  readonly warnings: readonly FileProblem[];
}

/** Colours for labels a foreign `annotation.conf` brings without a `hashiya-label` comment. */
const PALETTE = ['#a5d8ff', '#ffec99', '#c3fae8', '#eebefa', '#ffd8a8', '#b2f2bb', '#ffc9c9', '#d0bfff'];

interface ConfLine {
  readonly line: number;
  readonly name: string;
  /** Argument key (repetition mark removed) → its `|`-separated values, in order. */
  readonly args: readonly (readonly [string, readonly string[]])[];
}

/**
 * Reads an `annotation.conf` as brat does (sections `[entities]` (alias `[spans]`), `[relations]`,
 * `[events]`, `[attributes]`; `#` comments; `<MACRO>=value` lines per section; indentation for
 * sub-types; `!` for abstract types; arguments `Key:v1|v2` separated by commas) into the schema it
 * describes: entity types become labels; an attribute with `Value:` a choice of those values,
 * without one a boolean; relations keep `Arg1` as `from` and `Arg2` as `to`, `<ENTITY>` and `<ANY>`
 * standing for every label; `<OVERLAP>` and `ENTITY-NESTING` rules are not relations. Hashiya's own
 * comments then restore attribute types, choices, targets, help, colours and keys; a relation that
 * a `hashiya-attribute` comment declares a reference attribute of its `Arg1` labels is that
 * attribute, not a relation type.
 *
 * Errors name `file` and line: an argument without `:`, a relation without two arguments, a
 * Hashiya comment that is not the JSON it should be. Never throws.
 */
export function parseBratAnnotationConf(text: string, file: string): Result<BratConf> {
  const errors: FileProblem[] = [];
  const warnings: FileProblem[] = [];
  const sections = new Map<string, ConfLine[]>([
    ['entities', []],
    ['relations', []],
    ['events', []],
    ['attributes', []],
  ]);
  const labelDirectives = new Map<string, { color: string; key: string; line: number }>();
  const relationDirectives = new Map<string, RelationDef>();
  const attributeDirectives: { label: string; def: AttributeDef; line: number }[] = [];
  let section: string | undefined;
  let macros = new Map<string, string>();

  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const header = /^\s*\[(.*)\]\s*$/u.exec(line);
    if (header) {
      const name = header[1] === 'spans' ? 'entities' : (header[1] as string);
      section = name;
      macros = new Map();
      if (!sections.has(name)) warnings.push({ file, line: lineNo, message: `section [${name}] is not one brat's annotation.conf has; its lines are not read` });
      return;
    }
    const directive = /^\s*#\s*(hashiya-label|hashiya-attribute|hashiya-relation):\s*(.*)$/u.exec(line);
    if (directive) {
      readDirective(directive[1] as string, directive[2] as string, lineNo);
      return;
    }
    if (line.trim() === '' || /^\s*#/u.test(line) || /^\s*-+\s*$/u.test(line)) return;
    const target = section === undefined ? undefined : sections.get(section);
    if (target === undefined) {
      if (section === undefined) warnings.push({ file, line: lineNo, message: 'line before any [section] is not read' });
      return;
    }
    const macro = /^<([a-zA-Z_-]+)>=\s*(.*?)\s*$/u.exec(line);
    if (macro) {
      macros.set(`<${macro[1] as string}>`, macro[2] as string);
      return;
    }
    for (const [key, value] of macros) line = line.split(key).join(value);
    const m = /^(\s*)(\S+)(?:\s+(.*))?$/u.exec(line);
    if (!m) return;
    const terms = (m[2] as string).split('|').map((t) => t.trim()).filter((t) => t !== '');
    const name = (terms[0] ?? '').replace(/^!/u, '');
    const args: [string, string[]][] = [];
    for (const arg of (m[3] ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '')) {
      const kv = /^(\S*?):(\S*)$/u.exec(arg);
      if (!kv) {
        errors.push({ file, line: lineNo, message: `cannot read argument ${JSON.stringify(arg)} of "${name}" (brat expects KEY:VALUE|VALUE, arguments separated by commas)` });
        return;
      }
      const values = (kv[2] as string).split('|');
      if (values.some((v) => v.trim() === '')) {
        errors.push({ file, line: lineNo, message: `argument ${JSON.stringify(arg)} of "${name}" has an empty value` });
        return;
      }
      args.push([(kv[1] as string).replace(/(\{\S+\}|\?|\*|\+)$/u, ''), values]);
    }
    target.push({ line: lineNo, name, args });
  });

  function readDirective(kind: string, json: string, line: number): void {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      errors.push({ file, line, message: `"# ${kind}:" must be followed by JSON (written by Hashiya); this is not JSON` });
      return;
    }
    const o = value as Record<string, unknown>;
    if (kind === LABEL_DIRECTIVE) {
      if (typeof value !== 'object' || value === null || typeof o.name !== 'string' || typeof o.color !== 'string' || typeof o.key !== 'string') {
        errors.push({ file, line, message: `"# ${kind}:" needs {"name", "color", "key"} as strings` });
        return;
      }
      labelDirectives.set(o.name, { color: o.color, key: o.key, line });
      return;
    }
    const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
    if (kind === RELATION_DIRECTIVE) {
      if (typeof value !== 'object' || value === null || typeof o.name !== 'string' || !strings(o.from) || !strings(o.to)) {
        errors.push({ file, line, message: `"# ${kind}:" needs {"name", "from", "to"} (a name and two lists of labels)` });
        return;
      }
      relationDirectives.set(o.name, { name: o.name, from: o.from, to: o.to });
      return;
    }
    const types: readonly string[] = ['choice', 'number', 'text', 'boolean', 'reference'];
    if (
      typeof value !== 'object' || value === null || typeof o.label !== 'string' || typeof o.name !== 'string' ||
      typeof o.type !== 'string' || !types.includes(o.type) || !strings(o.choices) || !strings(o.targets) || typeof o.help !== 'string'
    ) {
      errors.push({ file, line, message: `"# ${kind}:" needs {"label", "name", "type", "choices", "targets", "help"} (type one of ${types.join(', ')})` });
      return;
    }
    attributeDirectives.push({
      label: o.label,
      def: { name: o.name, type: o.type as AttributeDef['type'], choices: o.choices, targets: o.targets, help: o.help },
      line,
    });
  }

  const entities = (sections.get('entities') ?? []).map((l) => l.name);
  const eventTypes = (sections.get('events') ?? []).map((l) => l.name);
  const expand = (types: readonly string[]): string[] => {
    const out: string[] = [];
    for (const t of types) {
      const add = t === '<ENTITY>' || t === '<ANY>' ? entities : [t];
      for (const a of add) if (!out.includes(a)) out.push(a);
    }
    return out;
  };

  const labels = new Map<string, { color: string; key: string; attributes: AttributeDef[] }>();
  entities.forEach((name, i) => {
    if (labels.has(name)) return;
    const d = labelDirectives.get(name);
    labels.set(name, { color: d?.color ?? (PALETTE[i % PALETTE.length] as string), key: d?.key ?? '', attributes: [] });
  });
  for (const [name, d] of labelDirectives) {
    if (!labels.has(name)) warnings.push({ file, line: d.line, message: `"# ${LABEL_DIRECTIVE}:" names "${name}", which [entities] does not declare` });
  }

  for (const a of sections.get('attributes') ?? []) {
    const argTypes = a.args.find(([k]) => k === 'Arg')?.[1];
    if (argTypes === undefined) {
      warnings.push({ file, line: a.line, message: `attribute "${a.name}" has no Arg: (which annotations it applies to) and is not read` });
      continue;
    }
    const values = a.args.find(([k]) => k === 'Value')?.[1];
    const targets = expand(argTypes);
    const notLabels = targets.filter((t) => !labels.has(t)).map((t) => (t === '<EVENT>' ? 'events' : t === '<RELATION>' ? 'relations' : t));
    if (notLabels.length > 0) warnings.push({ file, line: a.line, message: `attribute "${a.name}" of ${notLabels.join(', ')} is not read: only attributes of entities become Hashiya attributes` });
    for (const t of targets) {
      const label = labels.get(t);
      if (label === undefined || label.attributes.some((x) => x.name === a.name)) continue;
      label.attributes.push(
        values === undefined
          ? { name: a.name, type: 'boolean', choices: [], targets: [], help: '' }
          : { name: a.name, type: 'choice', choices: [...new Set(values)], targets: [], help: '' },
      );
    }
  }

  // Hashiya's own attribute comments are the truth for the attributes they name, in their order;
  // attributes only brat declares follow.
  const referenceAttributes = new Set<string>();
  const directed = new Map<string, AttributeDef[]>();
  for (const { label: labelName, def, line } of attributeDirectives) {
    const label = labels.get(labelName);
    if (label === undefined) {
      warnings.push({ file, line, message: `"# ${ATTRIBUTE_DIRECTIVE}:" names label "${labelName}", which [entities] does not declare` });
      continue;
    }
    const defs = directed.get(labelName) ?? [];
    directed.set(labelName, [...defs.filter((d) => d.name !== def.name), def]);
    if (def.type === 'reference') referenceAttributes.add(`${labelName}\u0000${def.name}`);
  }
  for (const [labelName, defs] of directed) {
    const label = labels.get(labelName) as { attributes: AttributeDef[] };
    label.attributes = [...defs, ...label.attributes.filter((a) => !defs.some((d) => d.name === a.name))];
  }

  const relations = new Map<string, { from: string[]; to: string[] }>();
  for (const r of sections.get('relations') ?? []) {
    if (r.name === '<OVERLAP>' || r.name === 'ENTITY-NESTING') continue;
    const roles = r.args.filter(([k]) => !/^<.*>$/u.test(k));
    if (roles.length !== 2) {
      errors.push({ file, line: r.line, message: `relation "${r.name}" needs two arguments (Arg1:TYPES, Arg2:TYPES), it has ${roles.length}` });
      continue;
    }
    const from = expand((roles[0] as [string, readonly string[]])[1]);
    const to = expand((roles[1] as [string, readonly string[]])[1]);
    // A relation that only carries a reference attribute of its Arg1 labels is that attribute.
    if (from.length > 0 && from.every((l) => referenceAttributes.has(`${l}\u0000${r.name}`))) continue;
    const entry = relations.get(r.name) ?? { from: [], to: [] };
    for (const l of from) if (!entry.from.includes(l)) entry.from.push(l);
    for (const l of to) if (!entry.to.includes(l)) entry.to.push(l);
    relations.set(r.name, entry);
  }
  // The schema's own label lists, where the export widened them for data that did not fit.
  for (const [name, def] of relationDirectives) {
    if (relations.has(name)) relations.set(name, { from: [...def.from], to: [...def.to] });
  }
  if (eventTypes.length > 0) {
    const line = (sections.get('events') as ConfLine[])[0]?.line;
    warnings.push({ file, ...(line === undefined ? {} : { line }), message: `event types (${eventTypes.join(', ')}) are not imported: Hashiya has spans and relations, not events` });
  }

  if (errors.length > 0) return { ok: false, errors };
  const schema: Schema = {
    labels: [...labels].map(([name, l]): LabelDef => ({ name, color: l.color, key: l.key, attributes: l.attributes })),
    relations: [...relations].map(([name, r]): RelationDef => ({ name, from: r.from, to: r.to })),
  };
  return { ok: true, value: { schema, eventTypes, warnings } };
}

/**
 * What `described` (a schema read from an `annotation.conf`) adds to `base`: labels `base` lacks
 * (whole), attributes a label of `base` lacks (that label with only those attributes, and the
 * colour and key of `base`), relation types `base` lacks. Where both define a name, `base` wins.
 * Undefined when nothing is added.
 */
export function schemaAdditions(base: Schema, described: Schema): Schema | undefined {
  const labels: LabelDef[] = [];
  for (const l of described.labels) {
    const known = base.labels.find((b) => b.name === l.name);
    if (known === undefined) {
      labels.push(l);
      continue;
    }
    const extra = l.attributes.filter((a) => !known.attributes.some((b) => b.name === a.name));
    if (extra.length > 0) labels.push({ ...known, attributes: extra });
  }
  const relations = described.relations.filter((r) => !base.relations.some((b) => b.name === r.name));
  return labels.length === 0 && relations.length === 0 ? undefined : { labels, relations };
}

/** `base` with `additions` merged in as {@link schemaAdditions} describes them. */
export function mergeSchema(base: Schema, additions: Schema | undefined): Schema {
  if (additions === undefined) return base;
  const labels = base.labels.map((l) => {
    const more = additions.labels.find((a) => a.name === l.name);
    return more === undefined ? l : { ...l, attributes: [...l.attributes, ...more.attributes.filter((a) => !l.attributes.some((b) => b.name === a.name))] };
  });
  for (const l of additions.labels) if (!labels.some((b) => b.name === l.name)) labels.push(l);
  const relations = [...base.relations, ...additions.relations.filter((r) => !base.relations.some((b) => b.name === r.name))];
  return { labels, relations };
}
