/**
 * The excerpt a search result shows (decision 11): a stretch of the article's own text around the
 * first word the reader asked for, with every asked word marked, folded as the index folds them
 * (`dang` marks `đảng`). Parts, not markup: the page makes text nodes and <mark> elements of them,
 * so nothing in an article's text is ever read as HTML.
 */
import { foldedWord, queryWords } from './words.ts';

export interface ExcerptPart {
  text: string;
  marked: boolean;
}

/** Letters, marks and digits (words.ts), or anything between them. */
const PIECES = /[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+/gu;
const IS_WORD = /^[\p{L}\p{M}\p{N}]/u;

/**
 * Up to `length` words of `text` from a little before the first asked word, asked words marked.
 * The text is split into words only as far as the excerpt needs (a result's text is the whole
 * article), and each distinct word is folded once: on a slow phone the twenty excerpts of a page cost more than
 * the search itself when every word of every article was folded.
 */
export function excerpt(text: string, typed: string, length = 30): ExcerptPart[] {
  const asked = new Set(queryWords(typed).map((w) => w.folded));
  const verdicts = new Map<string, boolean>();
  const isAsked = (word: string) => {
    let verdict = verdicts.get(word);
    if (verdict === undefined) {
      verdict = asked.has(foldedWord(word));
      verdicts.set(word, verdict);
    }
    return verdict;
  };
  const pieces: string[] = [];
  /** Where each word is in `pieces`. */
  const words: number[] = [];
  let first = -1;
  for (const [piece] of text.normalize('NFC').matchAll(PIECES)) {
    pieces.push(piece);
    if (!IS_WORD.test(piece)) continue;
    words.push(pieces.length - 1);
    if (first < 0 && isAsked(piece)) first = words.length - 1;
    // The window is known once it is full and a word after it shows the text goes on.
    if (first >= 0 && words.length > Math.max(0, first - 8) + length) break;
  }
  const piece = (at: number) => pieces[at] ?? '';
  // A few words of context before the first match, when there is one.
  const from = Math.max(0, Math.min(first < 0 ? 0 : first - 8, words.length - length));
  const to = Math.min(words.length, from + length);
  if (to <= from) return [];
  const parts: ExcerptPart[] = [];
  const add = (value: string, marked: boolean) => {
    const last = parts.at(-1);
    if (last && last.marked === marked) last.text += value;
    else parts.push({ text: value, marked });
  };
  if (from > 0) add('… ', false);
  // Whole text at either end: the punctuation before the first word and after the last stays.
  const start = from === 0 ? 0 : words[from]!;
  const end = to === words.length ? pieces.length - 1 : words[to - 1]!;
  for (let at = start; at <= end; at++) add(piece(at), IS_WORD.test(piece(at)) && isAsked(piece(at)));
  if (to < words.length) add(' …', false);
  return parts;
}
