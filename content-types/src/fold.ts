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

/**
 * The most the admin's search column holds, in UTF-8 bytes. PostgreSQL's B-tree entries hold at
 * most 2,704 bytes, and the admin list's indexes keep this column beside a title of up to 250
 * characters (cms/src/database/admin-list-indexes.ts): a lead in a script that does not fold to
 * ASCII (Chinese, emoji) must not make a story impossible to save. Folded Vietnamese is ASCII, so
 * this is about 1,200 characters of title, lead, byline and address, more than any search needs.
 */
export const ADMIN_SEARCH_MAX_BYTES = 1200;

const utf8 = new TextEncoder();

/** `text` cut to at most `maxBytes` of UTF-8, never inside a character (encodeInto stops before one that does not fit). */
const cutToBytes = (text: string, maxBytes: number): string => text.slice(0, utf8.encodeInto(text, new Uint8Array(maxBytes)).read);

/** The admin search column's value (defineContentType's `adminSearch`) for an entry's fields. */
export function adminSearchText(from: readonly string[], entry: Readonly<Record<string, unknown>>): string {
  const folded = foldForSearch(
    from
      .map((name) => entry[name])
      .filter((v): v is string => typeof v === 'string')
      .join(' '),
  );
  return cutToBytes(folded, ADMIN_SEARCH_MAX_BYTES);
}
