import { attr, defineContentType } from '../define.js';
import { SLUG_PATTERN, SLUG_MAX_LENGTH } from '../slug.js';
import { category } from './category.js';
import { tag } from './tag.js';

export const ARTICLE_TITLE_MAX = 250;

/** A news article as on the seed page: header, title, dateline, cover + caption, body, byline. */
export const article = defineContentType({
  singularName: 'article',
  pluralName: 'articles',
  displayName: 'Bài viết',
  description: 'Tin bài: tiêu đề, sapo, nội dung Markdown, ảnh đại diện, tác giả',
  draftAndPublish: true,
  attributes: {
    title: attr.string({ required: true, maxLength: ARTICLE_TITLE_MAX }),
    slug: attr.uid({ targetField: 'title', required: true, maxLength: SLUG_MAX_LENGTH, regex: SLUG_PATTERN.source }),
    lead: attr.text({ maxLength: 1000 }),
    body: attr.markdown(),
    cover: attr.image(),
    coverCaption: attr.string({ maxLength: 255 }),
    byline: attr.string({ maxLength: 120 }),
    category: attr.belongsTo(category.uid, () => category.entrySchema, { required: true }),
    tags: attr.manyToMany(tag.uid, () => tag.entrySchema),
    featured: attr.boolean({ default: false }),
    /**
     * The dateline readers see. Kept apart from Strapi's publishedAt, which is rewritten at every
     * publish: a correction must not make an old story look new. Filled at first publish when empty.
     */
    datePublished: attr.datetime(),
    /**
     * Publish this draft by itself at that time (checked every minute, Asia/Ho_Chi_Minh); cleared
     * once published.
     */
    scheduledAt: attr.datetime(),
    seoTitle: attr.string({ maxLength: 70 }),
    seoDescription: attr.text({ maxLength: 160 }),
  },
  indexes: [{ name: 'articles_slug_idx', columns: ['slug'] }],
});
