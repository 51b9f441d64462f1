/**
 * What the search page reads besides the index (decision 11): one small file per article for its
 * result, and the list of years (each a range of article numbers) and categories for the filters.
 * Written by the publisher (publisher/search-index.ts, fresh-search.ts); read here with checks,
 * since a file may be missing or of another build.
 */

/** A result's file: what the page shows, and the text its excerpt is cut from. */
export interface SearchFragment {
  url: string;
  title: string;
  category: string;
  /** As the article page shows it: `Thứ Năm, 13/01/2022 | 16:37`. */
  dateline: string;
  /** ISO time of publication, Vietnam time. */
  published: string;
  text: string;
}

/** The full build's years, newest first, and every category its articles are in. */
export interface SearchYears {
  years: Array<{ year: string; from: number; to: number }>;
  categories: string[];
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string';

/** A result file's content, or null when it is not one. */
export function fragmentOf(value: unknown): SearchFragment | null {
  if (!isObject(value) || !('url' in value) || !('title' in value) || !('category' in value)) return null;
  if (!('dateline' in value) || !('published' in value) || !('text' in value)) return null;
  const { url, title, category, dateline, published, text } = value;
  if (!isString(url) || !isString(title) || !isString(category) || !isString(dateline) || !isString(published) || !isString(text)) return null;
  return { url, title, category, dateline, published, text };
}

/** The years file's content, or an empty list when it is not one. */
export function yearsOf(value: unknown): SearchYears {
  const empty: SearchYears = { years: [], categories: [] };
  if (!isObject(value) || !('years' in value) || !('categories' in value)) return empty;
  const { years, categories } = value;
  if (!Array.isArray(years) || !Array.isArray(categories) || !categories.every(isString)) return empty;
  const list: SearchYears['years'] = [];
  for (const y of years) {
    if (!isObject(y) || !('year' in y) || !('from' in y) || !('to' in y)) return empty;
    if (typeof y.year !== 'string' || typeof y.from !== 'number' || typeof y.to !== 'number') return empty;
    list.push({ year: y.year, from: y.from, to: y.to });
  }
  return { years: list, categories };
}
