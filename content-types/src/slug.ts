import slugifyLib from 'slugify';

/** Lowercase ASCII words joined by single hyphens: what every public URL segment must be. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 120;

// slugify ships a CommonJS function; under NodeNext its default import is typed as the module.
const slugifyFn = slugifyLib as unknown as (
  input: string,
  options: {
    lower: boolean;
    strict: boolean;
    locale: string;
    trim: boolean;
  },
) => string;

/**
 * Vietnamese-aware slug: diacritics and đ/Đ are transliterated (locale `vi`), punctuation such as
 * the thousands dots in "5.248.607" disappears, words join with hyphens.
 * "Cả nước có 5.248.607 đảng viên" → "ca-nuoc-co-5248607-dang-vien".
 */
export function slugify(text: string): string {
  const slug = slugifyFn(text.normalize('NFC'), { lower: true, strict: true, locale: 'vi', trim: true });
  return slug.slice(0, SLUG_MAX_LENGTH).replace(/-+$/, '');
}

/** Why a slug is unacceptable, in words an editor understands, or null when it is fine. */
export function slugProblem(slug: unknown): string | null {
  if (typeof slug !== 'string' || slug.length === 0) return 'must not be empty';
  if (slug.length > SLUG_MAX_LENGTH) return `must be at most ${SLUG_MAX_LENGTH} characters`;
  if (!SLUG_PATTERN.test(slug)) {
    return 'must contain only lowercase letters a-z, digits and single hyphens between words (no accents, spaces, slashes or dots)';
  }
  return null;
}
