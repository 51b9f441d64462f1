import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { MOST_READ_PATH } from '@tintinh/content-types';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const isElement = (n: Node): n is Element => 'tagName' in n;
const FORBIDDEN_ELEMENTS = new Set(['iframe', 'svg', 'math', 'object', 'embed', 'frame', 'frameset', 'base', 'form-action']);

/**
 * Walks a parsed HTML tree (as a browser would build it) and lists what could run or load
 * foreign content: scripts other than the allowed ones, on* handlers, javascript: URLs,
 * embedding elements and images from outside the CMS.
 */
export function activeContentIn(
  html: string,
  opts: { fragment?: boolean; allowScript?: (el: Element) => boolean; allowFrame?: (el: Element) => boolean; imageOrigin?: RegExp } = {},
): string[] {
  const found: string[] = [];
  const root = opts.fragment ? parseFragment(html) : parse(html);
  const visit = (node: Node) => {
    if (isElement(node)) {
      const describe = () => `<${node.tagName} ${node.attrs.map((a) => `${a.name}="${a.value}"`).join(' ')}>`;
      if (node.tagName === 'script' && !(opts.allowScript?.(node) ?? false)) found.push(describe());
      if (FORBIDDEN_ELEMENTS.has(node.tagName) && !(node.tagName === 'iframe' && (opts.allowFrame?.(node) ?? false))) found.push(describe());
      for (const attr of node.attrs) {
        if (/^on/i.test(attr.name)) found.push(describe());
        if (['href', 'src', 'xlink:href', 'action', 'formaction'].includes(attr.name) && /^\s*(javascript|data|vbscript):/i.test(attr.value))
          found.push(describe());
        if (attr.name === 'style' && /javascript:|expression\(/i.test(attr.value)) found.push(describe());
      }
      if (node.tagName === 'img' && opts.imageOrigin) {
        const src = node.attrs.find((a) => a.name === 'src')?.value ?? '';
        if (!opts.imageOrigin.test(src)) found.push(describe());
      }
    }
    const children = 'childNodes' in node ? node.childNodes : [];
    for (const child of children) visit(child);
    if ('content' in node && node.content) visit(node.content as Node);
  };
  visit(root as Node);
  return found;
}

/** The site's one frame: the most-read box, a page of the site itself. */
export const siteFrames = (el: Element) => el.attrs.find((a) => a.name === 'src')?.value === MOST_READ_PATH;

/** The page's own scripts: JSON-LD data and Astro's bundled modules. */
export const siteScripts = (el: Element) => {
  const type = el.attrs.find((a) => a.name === 'type')?.value;
  const src = el.attrs.find((a) => a.name === 'src')?.value ?? '';
  return type === 'application/ld+json' || (type === 'module' && src.startsWith('/_astro/'));
};
