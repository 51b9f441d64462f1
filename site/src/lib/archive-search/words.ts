/**
 * Words and keys of the archive search index (decision 11). Vietnamese writes one syllable per
 * word, so a word is a run of letters, marks and digits. Each word of an article gives keys for
 * its folded form (`đảng` → `dang`: a reader typing without diacritics finds it) and, when it
 * has diacritics, its form as written (a reader typing `đường` gets `đường` before `dương`), each
 * for the whole article and for its title alone (title matches rank first). The build and the
 * search page make keys here, so they cannot disagree.
 */
import { foldVietnamese } from '../fold.ts';

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The words of `text`, lower-cased, composed (NFC). */
export function wordsOf(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(WORD) ?? [];
}

export const foldedWord = (word: string): string => foldVietnamese(word).toLowerCase();

/** Key kinds: folded or exact, anywhere or in the title; and a category. */
export const key = {
  folded: (w: string) => `f:${w}`,
  foldedTitle: (w: string) => `t:${w}`,
  exact: (w: string) => `e:${w}`,
  exactTitle: (w: string) => `u:${w}`,
  category: (slug: string) => `c:${slug}`,
} as const;

/** What the index knows of an article. */
export interface IndexedArticle {
  /** Its document number: unique, higher is newer. */
  n: number;
  title: string;
  /** Everything else searchable: lead, body, captions, byline. */
  text: string;
  category: string;
}

/** Every key an article is listed under. */
export function articleKeys(article: IndexedArticle): Set<string> {
  const keys = new Set<string>([key.category(article.category)]);
  const add = (word: string, inTitle: boolean) => {
    const folded = foldedWord(word);
    keys.add(key.folded(folded));
    if (inTitle) keys.add(key.foldedTitle(folded));
    if (folded === word) return;
    keys.add(key.exact(word));
    if (inTitle) keys.add(key.exactTitle(word));
  };
  for (const word of wordsOf(article.title)) add(word, true);
  for (const word of wordsOf(article.text)) add(word, false);
  return keys;
}

/** A word of a query: its folded form, and its form as typed when that had diacritics. */
export interface QueryWord {
  folded: string;
  exact: string | null;
}

/**
 * The most words a query asks for: each costs the reader a fetch or more, and a pasted paragraph
 * would cost hundreds. Sixteen words find any sentence.
 */
export const MAX_QUERY_WORDS = 16;

/** The distinct words of what a reader typed, at most MAX_QUERY_WORDS of them. */
export function queryWords(typed: string): QueryWord[] {
  const seen = new Set<string>();
  const words: QueryWord[] = [];
  for (const word of wordsOf(typed)) {
    if (seen.has(word)) continue;
    seen.add(word);
    const folded = foldedWord(word);
    words.push({ folded, exact: folded === word ? null : word });
    if (words.length === MAX_QUERY_WORDS) break;
  }
  return words;
}
