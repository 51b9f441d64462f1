/**
 * Vietnamese without diacritics: the one definition lives with the model (content-types/src/fold.ts),
 * shared with the CMS's admin search; the readers' search index folds words with it
 * (lib/archive-search/words.ts), at build time and in the search page alike.
 */
export { foldVietnamese } from '@tintinh/content-types/fold';
