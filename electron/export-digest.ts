/**
 * What a collection-wide export file depends on (brat's `annotation.conf`, an XMI type system),
 * gathered document by document: see {@link CollectionDigest}. A digest gathered in a worker
 * thread crosses to the exporting thread as its {@link DigestFacts}; digests of consecutive
 * stretches of the documents merged in document order are the digest of them all.
 */
import type { AttributeValue, Relation, Schema, Span } from '../shared/model.js';
import type { ExportDocument } from '../shared/formats/index.js';
import { sha256Hex } from './node-text.js';

/**
 * A digest as plain data (structured-clonable), each fact once, in the order first seen: see
 * {@link CollectionDigest.facts} and {@link CollectionDigest.merge}.
 */
export interface DigestFacts {
  readonly labels: readonly string[];
  readonly values: readonly (readonly [string, DigestValue])[];
  readonly references: readonly string[];
  readonly relations: readonly string[];
  readonly notes: boolean;
}

/** An attribute value of a label, as the digest keeps it. */
export interface DigestValue {
  readonly label: string;
  readonly name: string;
  readonly value: AttributeValue;
}

/**
 * What a collection-wide file (brat's `annotation.conf`, an XMI type system) can depend on,
 * gathered from every exported layer without keeping any text: each label, each attribute value
 * of each label (a reference as the label it points to), each relation type with the labels it
 * links, and whether notes occur. {@link document} turns that into one small synthetic document
 * holding each of them once, which an adapter serialises into the same collection files as the
 * whole collection, while the texts went one at a time.
 */
export class CollectionDigest {
  readonly #labels = new Set<string>();
  /** `label \0 attribute \0 JSON value` → the value. */
  readonly #values = new Map<string, DigestValue>();
  /** `label \0 attribute \0 target label`. */
  readonly #references = new Set<string>();
  /** `type \0 from label \0 to label`. */
  readonly #relations = new Set<string>();
  #notes = false;
  readonly #referenceNames: ReadonlySet<string>;

  constructor(readonly schema: Schema) {
    this.#referenceNames = new Set(schema.labels.flatMap((l) => l.attributes.filter((a) => a.type === 'reference').map((a) => `${l.name}\0${a.name}`)));
  }

  add(doc: ExportDocument): void {
    const labelOf = new Map(doc.layer.spans.map((s) => [s.id, s.label]));
    for (const span of doc.layer.spans) {
      this.#labels.add(span.label);
      if (span.note !== '') this.#notes = true;
      for (const [name, value] of Object.entries(span.attributes)) {
        const target = typeof value === 'string' && this.#referenceNames.has(`${span.label}\0${name}`) ? labelOf.get(value) : undefined;
        if (target !== undefined) this.#references.add(`${span.label}\0${name}\0${target}`);
        else this.#values.set(`${span.label}\0${name}\0${JSON.stringify(value)}`, { label: span.label, name, value });
      }
    }
    for (const r of doc.layer.relations) {
      const from = labelOf.get(r.from);
      const to = labelOf.get(r.to);
      if (from !== undefined && to !== undefined) this.#relations.add(`${r.type}\0${from}\0${to}`);
    }
  }

  /** What was gathered, each fact in the order first seen. */
  facts(): DigestFacts {
    return { labels: [...this.#labels], values: [...this.#values], references: [...this.#references], relations: [...this.#relations], notes: this.#notes };
  }

  /**
   * Adds what another digest gathered ({@link facts}), as if its documents were added here now:
   * merged in document order, the digests of consecutive stretches give the facts, in the same
   * order, that one digest of every document gives.
   */
  merge(facts: DigestFacts): void {
    for (const label of facts.labels) this.#labels.add(label);
    for (const [key, value] of facts.values) if (!this.#values.has(key)) this.#values.set(key, value);
    for (const key of facts.references) this.#references.add(key);
    for (const key of facts.relations) this.#relations.add(key);
    if (facts.notes) this.#notes = true;
  }

  /** The synthetic document: text `x x x …`, one one-letter span per fact, relations between them. */
  document(): ExportDocument {
    const spans: Span[] = [];
    const span = (label: string, attributes: Readonly<Record<string, AttributeValue>> = {}): Span => {
      const n = spans.length;
      const made: Span = { id: `s${n + 1}`, label, start: 2 * n, end: 2 * n + 1, text: 'x', prefix: '', suffix: '', attributes, note: '' };
      spans.push(made);
      return made;
    };
    const first = new Map<string, Span>();
    const second = new Map<string, Span>();
    const base = (label: string): Span => first.get(label) ?? (first.set(label, span(label)).get(label) as Span);
    for (const label of this.#labels) base(label);
    for (const { label, name, value } of this.#values.values()) span(label, { [name]: value });
    for (const key of this.#references) {
      const [label, name, target] = key.split('\0') as [string, string, string];
      span(label, { [name]: base(target).id });
    }
    const relations: Relation[] = [];
    for (const key of this.#relations) {
      const [type, fromLabel, toLabel] = key.split('\0') as [string, string, string];
      const from = base(fromLabel);
      const to = fromLabel === toLabel ? (second.get(toLabel) ?? (second.set(toLabel, span(toLabel)).get(toLabel) as Span)) : base(toLabel);
      relations.push({ id: `r${relations.length + 1}`, type, from: from.id, to: to.id });
    }
    if (this.#notes && spans[0] !== undefined) spans[0] = { ...spans[0], note: 'x' };
    const text = spans.map(() => 'x').join(' ');
    const sha256 = sha256Hex(text);
    const id = 'collection';
    return {
      meta: { id, source: '', importedAt: '1970-01-01T00:00:00.000Z', sha256, length: text.length, canonicalisation: { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] } },
      text,
      layer: { document: id, annotator: 'collection', textSha256: sha256, revision: 1, status: 'done', spans, relations, rejected: [] },
    };
  }
}
