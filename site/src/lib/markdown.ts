import { Marked } from 'marked';
import { sanitize } from './sanitize.ts';

// Raw HTML in Markdown is passed to the sanitizer like everything else; it keeps only the allowlist.
const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Article Markdown → sanitized HTML, the same for the page and the feeds. */
export function renderMarkdown(markdown: string | null | undefined): string {
  if (!markdown) return '';
  return sanitize(marked.parse(markdown) as string);
}
