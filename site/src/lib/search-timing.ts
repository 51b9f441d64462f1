/**
 * The search page's own clock for its first results: a performance mark set once the first
 * results of the address's query are on screen (the frame after they are placed, so layout and
 * paint are in). Its time counts from the navigation's start, as a reader's browser measures it,
 * without a test driver's polling in between; `npm run bench site` reads it beside what the
 * driver saw.
 */
export const RESULTS_SHOWN_MARK = 'tintinh:search-results-shown';

/** Sets the mark after the next frame is painted (once per page: the first query's results). */
export function markResultsShown(): void {
  if (performance.getEntriesByName(RESULTS_SHOWN_MARK).length > 0) return;
  requestAnimationFrame(() => setTimeout(() => performance.mark(RESULTS_SHOWN_MARK), 0));
}
