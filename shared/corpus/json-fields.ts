/**
 * Typed reading of {@link LocatedJson} objects: each accessor returns the member's value when it
 * has the expected type and otherwise records a problem naming the file and the member's line
 * (the object's line when the member is missing) and returns `undefined`.
 */
import type { FileProblem } from '../model.js';
import { describeJsonKind, type LocatedJson } from './located-json.js';

export type LocatedObject = Extract<LocatedJson, { readonly kind: 'object' }>;

/** A check on a value already of the right type: a message when it is refused, else undefined. */
export type ValueCheck<T> = (value: T) => string | undefined;

export class FieldReader {
  readonly #problems: FileProblem[] = [];

  constructor(readonly file: string) {}

  /** Every problem recorded so far, in the order found. */
  get problems(): readonly FileProblem[] {
    return this.#problems;
  }

  report(line: number | undefined, message: string): void {
    this.#problems.push(line === undefined ? { file: this.file, message } : { file: this.file, line, message });
  }

  /** The node as an object, or a problem saying what `what` should have been. */
  object(node: LocatedJson, what: string): LocatedObject | undefined {
    if (node.kind === 'object') return node;
    this.report(node.line, `${what} must be a JSON object, not ${describeJsonKind(node)}`);
    return undefined;
  }

  /** Reports members other than `allowed` (typos such as `"lable"` would otherwise pass unseen). */
  onlyMembers(obj: LocatedObject, allowed: readonly string[], what: string): void {
    for (const [key, value] of obj.members) {
      if (!allowed.includes(key)) this.report(value.line, `unexpected member "${key}" in ${what}`);
    }
  }

  member(obj: LocatedObject, key: string, what: string): LocatedJson | undefined {
    const value = obj.members.get(key);
    if (value === undefined) this.report(obj.line, `${what} is missing "${key}"`);
    return value;
  }

  string(obj: LocatedObject, key: string, what: string, check?: ValueCheck<string>): string | undefined {
    const node = this.member(obj, key, what);
    if (node === undefined) return undefined;
    if (node.kind !== 'string') {
      this.report(node.line, `"${key}" must be a string, not ${describeJsonKind(node)}`);
      return undefined;
    }
    return this.#checked(node.line, key, node.value, check);
  }

  /** A JSON number that is a safe integer `>= min`. */
  integer(obj: LocatedObject, key: string, what: string, min = 0): number | undefined {
    const node = this.member(obj, key, what);
    if (node === undefined) return undefined;
    if (node.kind !== 'number' || !Number.isSafeInteger(node.value)) {
      this.report(node.line, `"${key}" must be an integer, not ${node.kind === 'number' ? String(node.value) : describeJsonKind(node)}`);
      return undefined;
    }
    if (node.value < min) {
      this.report(node.line, `"${key}" must be at least ${min}, not ${node.value}`);
      return undefined;
    }
    return node.value;
  }

  boolean(obj: LocatedObject, key: string, what: string): boolean | undefined {
    const node = this.member(obj, key, what);
    if (node === undefined) return undefined;
    if (node.kind !== 'boolean') {
      this.report(node.line, `"${key}" must be true or false, not ${describeJsonKind(node)}`);
      return undefined;
    }
    return node.value;
  }

  /** A string that must be one of `values` exactly. */
  oneOf<T extends string>(obj: LocatedObject, key: string, what: string, values: readonly T[]): T | undefined {
    const value = this.string(obj, key, what);
    if (value === undefined) return undefined;
    if ((values as readonly string[]).includes(value)) return value as T;
    this.report(obj.members.get(key)?.line, `"${key}" must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}, not ${JSON.stringify(value)}`);
    return undefined;
  }

  array(obj: LocatedObject, key: string, what: string): readonly LocatedJson[] | undefined {
    const node = this.member(obj, key, what);
    if (node === undefined) return undefined;
    if (node.kind !== 'array') {
      this.report(node.line, `"${key}" must be an array, not ${describeJsonKind(node)}`);
      return undefined;
    }
    return node.items;
  }

  stringArray(obj: LocatedObject, key: string, what: string): readonly string[] | undefined {
    const items = this.array(obj, key, what);
    if (items === undefined) return undefined;
    const out: string[] = [];
    let ok = true;
    for (const item of items) {
      if (item.kind === 'string') out.push(item.value);
      else {
        this.report(item.line, `"${key}" must hold only strings, not ${describeJsonKind(item)}`);
        ok = false;
      }
    }
    return ok ? out : undefined;
  }

  #checked<T>(line: number, key: string, value: T, check: ValueCheck<T> | undefined): T | undefined {
    const message = check?.(value);
    if (message === undefined) return value;
    this.report(line, `"${key}": ${message}`);
    return undefined;
  }
}
