/**
 * Where the search page finds the indexes (decision 11): the full build's under /search/
 * (publisher/search-index.ts writes it) and the fresh one under /search-fresh/
 * (publisher/fresh-search.ts). The page preloads the files every query needs, so they are on their
 * way while its script loads.
 */
export const FULL_INDEX = '/search/';
export const FRESH_INDEX = '/search-fresh/';
export const YEARS_FILE = `${FULL_INDEX}years.json`;
export const CHANGES_FILE = `${FRESH_INDEX}changes.json`;
