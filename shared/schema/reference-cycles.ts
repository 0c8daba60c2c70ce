/**
 * Cycles through reference attributes, such as an actor backed by an actor that is backed by the
 * first: "who backs whom" and "who reports what" mean something only without them.
 */
import type { Schema, Span } from '../model.js';
import { indexSchema, type SchemaIndex } from './schema-index.js';

type LinkedSpan = Pick<Span, 'id' | 'label' | 'attributes'>;

/**
 * The groups of spans that reach themselves through reference attributes (the attributes of
 * type `reference` of each span's label in `schema`, whose value is the id of a span in
 * `spans`): every strongly connected group of two or more spans, and a span that refers to
 * itself. Each group lists its span ids in the order of `spans`; groups come in the order of
 * their first span. `s1.backed_by → s2, s2.backed_by → s1` gives `[["s1", "s2"]]`. Empty when
 * there is no cycle. Linear in spans and references; never throws.
 */
export function findReferenceCycles(spans: readonly LinkedSpan[], schema: Schema): readonly (readonly string[])[] {
  return referenceCycles(spans, indexSchema(schema));
}

/** {@link findReferenceCycles} over an indexed schema. */
export function referenceCycles(spans: readonly LinkedSpan[], index: SchemaIndex): readonly (readonly string[])[] {
  const position = new Map<string, number>();
  spans.forEach((s, i) => {
    if (!position.has(s.id)) position.set(s.id, i);
  });
  const edges: number[][] = spans.map(() => []);
  const selfLoop: boolean[] = spans.map(() => false);
  spans.forEach((span, i) => {
    if (position.get(span.id) !== i) return;
    const label = index.labels.get(span.label);
    if (label === undefined) return;
    for (const [name, def] of label.attributes) {
      if (def.type !== 'reference' || !Object.hasOwn(span.attributes, name)) continue;
      const value = span.attributes[name];
      const target = typeof value === 'string' ? position.get(value) : undefined;
      if (target === undefined) continue;
      (edges[i] as number[]).push(target);
      if (target === i) selfLoop[i] = true;
    }
  });

  // Tarjan's strongly connected components, iteratively (a long chain must not overflow the stack).
  const order: number[] = spans.map(() => -1);
  const low: number[] = spans.map(() => 0);
  const onStack: boolean[] = spans.map(() => false);
  const stack: number[] = [];
  const groups: number[][] = [];
  let counter = 0;
  for (let root = 0; root < spans.length; root += 1) {
    if (order[root] !== -1) continue;
    const work: [node: number, next: number][] = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [node, next] = frame;
      const out = edges[node] as number[];
      if (next < out.length) {
        frame[1] = next + 1;
        const to = out[next] as number;
        if (order[to] === -1) {
          order[to] = low[to] = counter++;
          stack.push(to);
          onStack[to] = true;
          work.push([to, 0]);
        } else if (onStack[to]) {
          low[node] = Math.min(low[node] as number, order[to] as number);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]] as number, low[node] as number);
      if (low[node] === order[node]) {
        const group: number[] = [];
        for (;;) {
          const member = stack.pop() as number;
          onStack[member] = false;
          group.push(member);
          if (member === node) break;
        }
        if (group.length > 1 || selfLoop[node]) groups.push(group.sort((a, b) => a - b));
      }
    }
  }
  return groups
    .sort((a, b) => (a[0] as number) - (b[0] as number))
    .map((group) => group.map((i) => (spans[i] as LinkedSpan).id));
}
