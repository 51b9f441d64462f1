/**
 * The words of an article element (search-index.ts finds it on the page) as the archive search
 * index of decision 11 takes them: the title, the rest of the article's own text (lead, body,
 * caption, correction, byline), and apart from both the category and the dateline, which a result
 * shows but a search does not match. Only the element's own parts count: a reporter's body may
 * hold an `h1` or a paragraph with any class, but not as a direct child of the article.
 */
import { Parser } from 'htmlparser2';

export interface ArticleText {
  title: string;
  /** Everything else a reader reads in the article, blocks separated by a space. */
  text: string;
  category: string;
  dateline: string;
}

/** The direct children of the article that are not its text, by class. */
const PARTS: Record<string, keyof ArticleText | 'skip'> = {
  'article-title': 'title',
  'category-header': 'category',
  dateline: 'dateline',
  tags: 'skip',
};

/** Elements whose end separates words (a paragraph's last word and the next one's first). */
const BLOCKS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'figcaption', 'figure', 'blockquote', 'aside', 'br', 'td', 'th', 'tr', 'pre']);

const tidy = (s: string) => s.replace(/\s+/g, ' ').trim();

export function articleText(articleHtml: string): ArticleText {
  const out = { title: '', text: '', category: '', dateline: '' };
  // Depth inside the article element (1: its direct children), and the part a direct child opened.
  let depth = 0;
  let part: keyof ArticleText | 'skip' | null = null;
  const parser = new Parser(
    {
      onopentag(_name, attributes) {
        depth++;
        if (depth === 2) {
          const classes = (attributes.class ?? '').split(/\s+/);
          part = classes.map((c) => PARTS[c]).find((p) => p !== undefined) ?? null;
        }
      },
      ontext(text) {
        if (depth < 2) return;
        if (part === 'skip') return;
        out[part ?? 'text'] += text;
      },
      onclosetag(name) {
        if (depth >= 2 && BLOCKS.has(name) && part !== 'skip') out[part ?? 'text'] += ' ';
        if (depth === 2) part = null;
        depth--;
      },
    },
    { decodeEntities: true },
  );
  parser.write(articleHtml);
  parser.end();
  return { title: tidy(out.title), text: tidy(out.text), category: tidy(out.category), dateline: tidy(out.dateline) };
}
