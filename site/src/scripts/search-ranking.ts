/**
 * How the search page turns what a reader typed into Pagefind queries, and how their results are
 * ranked. Pure, so the rules are tested without a browser (tests/unit/search-ranking.test.ts).
 *
 * Pagefind matches a word typed without its tone and vowel marks (`duong` finds `dương`, and
 * ranks `dương` above `dưỡng` for `dương`), but `đ` is a letter of its own there, not a `d` with
 * a mark: `dang vien` would never find `đảng viên`. So each word that starts with `d` or `đ` is
 * also asked with the other letter, and the answers are merged.
 */
import { foldVietnamese } from '../lib/fold.ts';

/** At most this many words are asked both ways (2^3 = 8 queries). */
const TOGGLED_WORDS = 3;

export interface QueryVariant {
  query: string;
  /**
   * 0: the query as typed. 1: a variant with another `d`/`đ` — ranked after every as-typed
   * result when the reader typed diacritics (`đường` before `dương`); when the reader typed none,
   * every variant is as good as the query itself.
   */
  tier: 0 | 1;
}

const otherD: Record<string, string> = { d: 'đ', đ: 'd', D: 'Đ', Đ: 'D' };

/** The queries to ask for `typed`: itself first, then each combination of `d`/`đ` at word starts. */
export function queryVariants(typed: string): QueryVariant[] {
  const words = typed.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const toggled = words
    .map((_, i) => i)
    .filter((i) => /^[dđDĐ]/.test(words[i]!))
    .slice(0, TOGGLED_WORDS);
  const typedDiacritics = foldVietnamese(typed) !== typed;
  const seen = new Set<string>();
  const variants: QueryVariant[] = [];
  for (let mask = 0; mask < 2 ** toggled.length; mask++) {
    const copy = [...words];
    toggled.forEach((at, bit) => {
      if (mask & (2 ** bit)) copy[at] = otherD[copy[at]!.charAt(0)]! + copy[at]!.slice(1);
    });
    const query = copy.join(' ');
    if (seen.has(query)) continue;
    seen.add(query);
    variants.push({ query, tier: mask === 0 || !typedDiacritics ? 0 : 1 });
  }
  return variants;
}

export interface Candidate<T> {
  id: string;
  tier: 0 | 1;
  score: number;
  item: T;
}

/** One result per page: the best tier, then the best score it was found with. */
export function mergeCandidates<T>(lists: ReadonlyArray<ReadonlyArray<Candidate<T>>>): Array<Candidate<T>> {
  const best = new Map<string, Candidate<T>>();
  for (const list of lists) {
    for (const c of list) {
      const known = best.get(c.id);
      if (!known || c.tier < known.tier || (c.tier === known.tier && c.score > known.score)) best.set(c.id, c);
    }
  }
  // Stable: at equal tier and score, the order Pagefind gave (newest first: search-index.ts).
  return [...best.values()].sort((a, b) => a.tier - b.tier || b.score - a.score);
}

/** Scores this close are equal relevance (they come from floating-point sums). */
const EPSILON = 1e-6;

/** Within runs of equal tier and score, newer before older (ISO times compare as text). */
export function newerFirstAtEqualRelevance<T extends { tier: number; score: number; published: string }>(shown: readonly T[]): T[] {
  return [...shown].sort((a, b) => {
    if (a.tier !== b.tier) return a.tier - b.tier;
    if (Math.abs(a.score - b.score) > EPSILON) return b.score - a.score;
    return b.published.localeCompare(a.published);
  });
}
