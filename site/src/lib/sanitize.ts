import sanitizeHtml from 'sanitize-html';
import { resolveMediaUrl } from './media.ts';

/**
 * The one HTML allowlist, shared by pages and feeds: article markup only. No script, style,
 * iframe, SVG, event handler or javascript:/data: URL survives; links get rel=nofollow noopener;
 * images must come from the CMS.
 */
const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'figure',
    'figcaption',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'hr',
    'code',
    'pre',
    'sup',
    'sub',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading'],
    th: ['colspan', 'rowspan'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow noopener' } }),
    img: (tagName, attribs) => {
      const src = attribs.src ? resolveMediaUrl(attribs.src) : null;
      // An image from anywhere but the CMS is dropped (sanitize-html removes an img without src).
      const { src: _drop, ...rest } = attribs;
      return { tagName, attribs: src ? { ...rest, src, loading: 'lazy' } : rest };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
};

export function sanitize(html: string): string {
  return sanitizeHtml(html, options);
}
