/**
 * What search holds of an article, made in one place for the two places it goes: the hidden
 * block of the article page (Pagefind reads it from rendered pages, as the fresh index between
 * full builds does) and the small document a full build indexes instead of parsing every page.
 * Queries are folded (search-client.ts), so the indexed text is the folded copy; results show
 * the article's own title and lead, carried as Pagefind metadata.
 */
import { z } from 'zod';
import type { Media } from '@tintinh/content-types';
import { foldVietnamese } from './fold.ts';
import { imageSource } from './media.ts';
import { writeNdjson } from './ndjson.ts';
import { siteConfig } from './site-config.ts';
import { escapeXml } from './xml.ts';

/** Written by a full build beside its output (dot-named: the static server never serves it). */
export const SEARCH_DOCUMENTS_FILE = '.search-documents.ndjson';

/** One line of that file: an article's URL and its search document. */
export const searchDocumentLine = z.object({ url: z.string().startsWith('/'), html: z.string() });

export interface Searchable {
  title: string;
  lead?: string | null;
  body?: string | null;
  cover?: Media | null;
  coverCaption?: string | null;
  /** 0 for the newest article (SiteArticle.newestRank). */
  newestRank: number;
}

/**
 * Whether the index holds the article's body, or its title and lead only: the newest articles
 * in full (SEARCH_FULLTEXT_NEWEST), which keeps the index of a large archive small.
 */
export const indexesBody = (article: Searchable) => article.newestRank < siteConfig().searchFullTextNewest;

/** The hidden block of an article page that Pagefind indexes (`data-pagefind-body`). */
export function searchBlockHtml(article: Searchable): string {
  const paragraphs = [`<p data-pagefind-weight="7">${escapeXml(foldVietnamese(article.title))}</p>`];
  if (article.lead) paragraphs.push(`<p>${escapeXml(foldVietnamese(article.lead))}</p>`);
  if (indexesBody(article) && article.body) paragraphs.push(`<p>${escapeXml(foldVietnamese(article.body))}</p>`);
  // Pagefind would take the first image after the h1 as the result's image: the cover, or without
  // one a related story's thumbnail. Named here, it is the cover or nothing, on the page and in
  // the search document alike.
  const image = imageSource(article.cover);
  const imageMeta = `<span hidden data-pagefind-meta="image[data-src], image_alt[data-alt]" data-src="${escapeXml(image?.src ?? '')}" data-alt="${escapeXml(image ? (article.coverCaption ?? article.title) : '')}"></span>`;
  return `<div class="visually-hidden" aria-hidden="true" data-pagefind-body>${imageMeta}${paragraphs.join('')}</div>`;
}

/**
 * The whole of what Pagefind reads from an article page, as a page of its own: the language,
 * the title and lead metadata and the indexed block. Indexing it gives the same index entry as
 * indexing the rendered page (tests/site/site-build.test.ts compares the two).
 */
export function searchDocumentHtml(article: Searchable): string {
  const lead = article.lead ? `<p data-pagefind-meta="lead">${escapeXml(article.lead)}</p>` : '';
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"></head><body><h1 data-pagefind-meta="title">${escapeXml(article.title)}</h1>${lead}${searchBlockHtml(article)}</body></html>`;
}

/**
 * The search documents of every article, newest first, for the index a full build makes while
 * Astro renders the pages (scripts/publisher/search-index.ts).
 */
export async function writeSearchDocuments(file: string, articles: ReadonlyArray<Searchable & { url: string }>): Promise<void> {
  function* lines(): Generator<z.infer<typeof searchDocumentLine>> {
    for (const article of articles) yield { url: article.url, html: searchDocumentHtml(article) };
  }
  await writeNdjson(file, lines());
}
