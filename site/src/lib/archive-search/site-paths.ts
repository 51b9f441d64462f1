/**
 * Where the search indexes live in a built tree (decision 11), named once for the publisher that
 * writes them (publisher/search-index.ts, fresh-search.ts) and the search page that reads them:
 * the full build's index under search/, the fresh one under search-fresh/. The page preloads the
 * files every query needs, so they are on their way while its script loads.
 */
export const SEARCH_DIR = 'search';
export const FRESH_DIR = 'search-fresh';
/** In SEARCH_DIR: each year's range of article numbers, and the categories. */
export const YEARS_NAME = 'years.json';
/** In FRESH_DIR: the URLs out of date in the full index, and the fresh index's entry (fresh-changes.ts). */
export const CHANGES_NAME = 'changes.json';

/** The same, as the page asks for them. */
export const FULL_INDEX = `/${SEARCH_DIR}/`;
export const FRESH_INDEX = `/${FRESH_DIR}/`;
export const YEARS_FILE = `${FULL_INDEX}${YEARS_NAME}`;
export const CHANGES_FILE = `${FRESH_INDEX}${CHANGES_NAME}`;
