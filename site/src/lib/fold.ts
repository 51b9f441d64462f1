/**
 * Vietnamese without diacritics: the one definition lives with the model (content-types/src/fold.ts),
 * shared with the CMS's admin search; the search page uses it to tell a query typed with
 * diacritics from one typed without (Pagefind folds tone and vowel marks itself).
 */
export { foldVietnamese } from '@tintinh/content-types/fold';
