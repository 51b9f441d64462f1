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

/** Up to `length` words of `text` from a little before the first asked word, asked words marked. */
export function excerpt(text: string, typed: string, length = 30): ExcerptPart[] {
  const asked = new Set(queryWords(typed).map((w) => w.folded));
  const pieces = text.normalize('NFC').match(PIECES) ?? [];
  const words = pieces.flatMap((piece, at) => (IS_WORD.test(piece) ? [at] : []));
  const piece = (at: number) => pieces[at] ?? '';
  const isAsked = (at: number) => asked.has(foldedWord(piece(at)));
  const first = words.findIndex((at) => isAsked(at));
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
  for (let at = start; at <= end; at++) add(piece(at), IS_WORD.test(piece(at)) && isAsked(at));
  if (to < words.length) add(' …', false);
  return parts;
}
