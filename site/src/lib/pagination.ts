/**
 * Listings (a category, a tag) are paged from the oldest article: page 1 holds the 20 oldest,
 * page n the next 20, the last page the newest (and may be short). Publishing news then changes
 * the listing's front page and its last page or two, never the hundreds of pages behind them, which
 * stay byte for byte the same (and cacheable) however large the archive grows. The front page
 * (`/xa-hoi/`) shows the newest 20 and links to the numbered page that follows them.
 */
import type { SiteArticle } from './content/schema.ts';

export const PAGE_SIZE = 20;

/** `null`: the listing's front page (the newest articles); 1…n: a numbered page, oldest first. */
export type ListingPage = number | null;

/** Numbered pages of a listing of `count` articles (an empty listing has none). */
export const numberedPages = (count: number) => Math.ceil(count / PAGE_SIZE);

/** The page that holds the article at `index` of the newest-first list. */
export const pageOfIndex = (index: number, count: number) => Math.floor((count - 1 - index) / PAGE_SIZE) + 1;

export interface ListingSlice {
  /** Newest first. */
  items: SiteArticle[];
  /** The page with the next newer articles (null: the front page), or undefined at the newest end. */
  newer: ListingPage | undefined;
  /** The page with the next older articles, or undefined at the oldest end. */
  older: number | undefined;
}

/** What one page of a newest-first `list` shows, and where its neighbours are. */
export function listingSlice(list: readonly SiteArticle[], page: ListingPage): ListingSlice {
  const count = list.length;
  const pages = numberedPages(count);
  if (page === null) {
    const items = list.slice(0, PAGE_SIZE);
    return { items, newer: undefined, older: count > PAGE_SIZE ? pageOfIndex(PAGE_SIZE, count) : undefined };
  }
  // Oldest-first positions (page - 1) * 20 … page * 20 - 1, as newest-first indices.
  const end = count - (page - 1) * PAGE_SIZE;
  const items = list.slice(Math.max(0, end - PAGE_SIZE), Math.max(0, end));
  return { items, newer: page < pages ? page + 1 : null, older: page > 1 ? page - 1 : undefined };
}
