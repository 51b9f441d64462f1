/**
 * Vietnamese without diacritics ("Đảng viên" → "Dang vien"): readers and editors often type that
 * way. The admin's search box folds what it holds and what is typed; the site's search page uses
 * it to tell whether a query was typed with diacritics. A module of its own, without
 * dependencies, so the site's browser script can import it alone.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** Folded and lower-cased: what the admin's search column holds and what a search is compared with. */
export const foldForSearch = (text: string): string => foldVietnamese(text).toLowerCase().replace(/\s+/g, ' ').trim();

/** The admin search column's value (defineContentType's `adminSearch`) for an entry's fields. */
export function adminSearchText(from: readonly string[], entry: Readonly<Record<string, unknown>>): string {
  return foldForSearch(
    from
      .map((name) => entry[name])
      .filter((v): v is string => typeof v === 'string')
      .join(' '),
  );
}
