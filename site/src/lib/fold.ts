/**
 * Vietnamese without diacritics, as the search page folds a query: the one definition lives with
 * the model (content-types/src/fold.ts), shared with the CMS's admin search.
 */
export { foldVietnamese } from '@tintinh/content-types/fold';
