/**
 * What the search page asks for, watched in Chromium: every path it requests, and which of the
 * files it preloads (site/src/pages/tim-kiem/) were missing. Missing buckets and result files are
 * part of the index's format (an empty bucket, a taken-down result); a missing preload is not: it
 * logs an error on every search.
 */
import type { Page } from 'playwright-core';

export const SEARCH_PRELOADS = ['/search/meta.json', '/search/years.json', '/search-fresh/changes.json'];

export function watchSearchPage(page: Page): { asked: string[]; missingPreloads: string[] } {
  const watched = { asked: [] as string[], missingPreloads: [] as string[] };
  page.on('request', (request) => watched.asked.push(new URL(request.url()).pathname));
  page.on('response', (response) => {
    const asked = new URL(response.url()).pathname;
    if (SEARCH_PRELOADS.includes(asked) && response.status() >= 400) watched.missingPreloads.push(`${response.status()} ${asked}`);
  });
  return watched;
}
