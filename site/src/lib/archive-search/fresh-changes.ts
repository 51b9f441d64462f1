/**
 * The fresh index's change list (`search-fresh/changes.json`, written by the publisher's
 * fresh-search.ts at each incremental publish, read by the search page): the URLs whose entry in
 * the full index is out of date, and the fresh index's own entry (its meta) when it has one. The
 * entry travels in the list so the page opens the fresh index without asking for its meta.json:
 * a round trip fewer before the first results, which wait for both indexes.
 */
import type { IndexMeta } from './layout.ts';
import { metaOf } from './search-index.ts';

export interface FreshChanges {
  /** URLs changed or taken down since the full build. */
  stale: string[];
  /** The fresh index's entry; null when only takedowns happened (nothing to search). */
  meta: IndexMeta | null;
}

export const encodeFreshChanges = (changes: FreshChanges): string => JSON.stringify(changes);

/**
 * The change list in `value` (parsed JSON). Safe default: anything malformed (or absent) reads as
 * no change list at all, so the page searches the full index alone rather than fail.
 */
export function freshChangesOf(value: unknown): FreshChanges {
  if (value === null || typeof value !== 'object') return { stale: [], meta: null };
  const stale = 'stale' in value && Array.isArray(value.stale) && value.stale.every((s) => typeof s === 'string') ? value.stale : [];
  const meta = 'meta' in value ? metaOf(value.meta) : null;
  return { stale, meta };
}
