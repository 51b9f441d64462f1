/**
 * Readers as the vote and comment tests see them: each from its own address, sent through a
 * trusted proxy as X-Forwarded-For, and the lag of the results they are shown.
 */

/** A distinct reader address for each call (198.18.0.0/15 is reserved for benchmarks). */
let nextReader = 1;
export const newReader = (): string => {
  const n = nextReader++;
  return `198.18.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
};

/** How far the results readers see may lag the votes (the CMS's RESULTS_MAX_AGE_MS, and some). */
export const RESULTS_MAX_LAG_MS = 1100;

/** Waits until results read now include every vote answered before the call. */
export const resultsSettled = () => new Promise((r) => setTimeout(r, RESULTS_MAX_LAG_MS));
