import { COMMENT_BODY_MAX, COMMENT_NAME_MAX } from '@tintinh/content-types';
import LinkifyIt from 'linkify-it';
import { z } from 'zod';

export const MAX_LINKS = 2;

/**
 * Characters that show nothing: format characters (zero-width spaces, bidi controls, soft hyphen,
 * word joiner, BOM; the zero-width joiner of emoji sequences stays), line separators, the
 * combining grapheme joiner and the Hangul fillers that render as blank letters.
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the class lists single code points to remove, none combines with another
const INVISIBLE = /(?!\u200D)[\p{Cf}\u2028\u2029\u034F\u115F\u1160\u3164\uFFA0]/gu;

/**
 * Plain text only: control and invisible characters are removed (newlines kept in the body), runs of spaces
 * collapse, at most two blank-line-separated paragraphs breaks in a row. HTML is not stripped:
 * it is stored as the text the reader typed and escaped wherever it is shown.
 */
export function normaliseText(text: string, keepNewlines: boolean): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(keepNewlines ? /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g : /[\u0000-\u001F\u007F-\u009F]/g, keepNewlines ? '' : ' ');
  if (!keepNewlines) return cleaned.replace(/\s+/g, ' ').trim();
  return cleaned
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const linkify = new LinkifyIt();
/** Any `scheme://`, wherever it stands: "http://a.vnhttp://b.vn" is two links to a spammer. */
const SCHEMES = /[a-z][a-z0-9+.-]*:\/\//gi;

/** Links as a reader's eye (and a linkifier) finds them: with or without a scheme, comma-joined or not. */
export const countLinks = (text: string) => Math.max(linkify.match(text)?.length ?? 0, text.match(SCHEMES)?.length ?? 0);

/** A name must show something: invisible fillers (U+3164, U+2060, U+00AD…) alone are not a name. */
const hasVisibleLetter = (name: string) => /[\p{L}\p{N}]/u.test(name);

export const commentInput = z.strictObject({
  authorName: z
    .string()
    .transform((s) => normaliseText(s, false))
    .pipe(z.string().min(1, 'Vui lòng nhập họ tên.').max(COMMENT_NAME_MAX, `Họ tên tối đa ${COMMENT_NAME_MAX} ký tự.`))
    .refine(hasVisibleLetter, 'Họ tên phải có chữ cái hoặc chữ số.'),
  body: z
    .string()
    .transform((s) => normaliseText(s, true))
    .pipe(z.string().min(2, 'Vui lòng nhập nội dung bình luận.').max(COMMENT_BODY_MAX, `Bình luận tối đa ${COMMENT_BODY_MAX} ký tự.`))
    .refine((s) => countLinks(s) <= MAX_LINKS, `Bình luận chứa tối đa ${MAX_LINKS} liên kết.`),
  /** Honeypot: hidden from people, filled by bots. */
  website: z.string().max(200).optional(),
});
