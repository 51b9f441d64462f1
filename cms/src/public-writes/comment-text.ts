import { COMMENT_BODY_MAX, COMMENT_NAME_MAX } from '@tintinh/content-types';
import { z } from 'zod';

export const MAX_LINKS = 2;

/**
 * Plain text only: control characters are removed (newlines kept in the body), runs of spaces
 * collapse, at most two blank-line-separated paragraphs breaks in a row. HTML is not stripped:
 * it is stored as the text the reader typed and escaped wherever it is shown.
 */
export function normaliseText(text: string, keepNewlines: boolean): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(keepNewlines ? /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2066-\u2069\uFEFF]/g : /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2066-\u2069\uFEFF]/g, keepNewlines ? '' : ' ');
  if (!keepNewlines) return cleaned.replace(/\s+/g, ' ').trim();
  return cleaned
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const countLinks = (text: string) => (text.match(/\b(?:https?:\/\/|www\.)\S+/gi) ?? []).length;

export const commentInput = z.strictObject({
  authorName: z.string().transform((s) => normaliseText(s, false)).pipe(z.string().min(1, 'Vui lòng nhập họ tên.').max(COMMENT_NAME_MAX, `Họ tên tối đa ${COMMENT_NAME_MAX} ký tự.`)),
  body: z
    .string()
    .transform((s) => normaliseText(s, true))
    .pipe(z.string().min(2, 'Vui lòng nhập nội dung bình luận.').max(COMMENT_BODY_MAX, `Bình luận tối đa ${COMMENT_BODY_MAX} ký tự.`))
    .refine((s) => countLinks(s) <= MAX_LINKS, `Bình luận chứa tối đa ${MAX_LINKS} liên kết.`),
  /** Honeypot: hidden from people, filled by bots. */
  website: z.string().max(200).optional(),
});
