/**
 * What an article is read with, by readers (the public route) and by the preview of a draft
 * alike: its cover with every stored format, its category and its tags.
 */
export const ARTICLE_POPULATE = { cover: true, category: true, tags: true } as const;
