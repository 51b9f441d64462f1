/**
 * A read-only map by string key whose next version is made from the changes alone. At 200,000
 * articles a copy of a Map is 0.05–0.2 s on this 2-core machine, and every incremental publish
 * needs a new version of several (articles by id and URL, routes by path): a version shares its
 * predecessor's base Map and keeps its own changes on top. Once those pass FLATTEN_AT the next
 * version folds them into a new base, one copy per thousands of changes.
 */

/** Changes kept on top of the base before a new version folds them in. */
const FLATTEN_AT = 4096;

export class Lookup<V> {
  private readonly base: ReadonlyMap<string, V>;
  /** null: removed from the base. */
  private readonly changes: ReadonlyMap<string, V | null>;

  private constructor(base: ReadonlyMap<string, V>, changes: ReadonlyMap<string, V | null>) {
    this.base = base;
    this.changes = changes;
  }

  static from<V>(entries: Iterable<readonly [string, V]>): Lookup<V> {
    return new Lookup(new Map(entries), new Map());
  }

  get(key: string): V | undefined {
    const changed = this.changes.get(key);
    if (changed !== undefined) return changed ?? undefined;
    return this.base.get(key);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** This version with `updates` applied in order (null removes a key); this one stays as it is. */
  with(updates: Iterable<readonly [string, V | null]>): Lookup<V> {
    const changes = new Map(this.changes);
    for (const [key, value] of updates) changes.set(key, value);
    if (changes.size <= FLATTEN_AT) return new Lookup(this.base, changes);
    return new Lookup(this.folded(changes), new Map());
  }

  /** Every entry, as a Map (a whole pass: for tests and checks, not for a publish). */
  toMap(): Map<string, V> {
    return this.folded(this.changes);
  }

  /** A copy of the base with `changes` applied. */
  private folded(changes: ReadonlyMap<string, V | null>): Map<string, V> {
    const out = new Map(this.base);
    for (const [key, value] of changes) {
      if (value === null) out.delete(key);
      else out.set(key, value);
    }
    return out;
  }
}
