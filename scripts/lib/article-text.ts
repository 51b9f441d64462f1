/**
 * The text of an article as generated and imported content carries it: the model's own fields
 * (content-types), present and non-null. The corpus generator, the content writer and the bulk
 * writer each add only what they need besides (how they name the category, tags and cover).
 */
import type { Article } from '@tintinh/content-types';

type TextField = 'title' | 'lead' | 'body' | 'byline' | 'coverCaption' | 'featured' | 'datePublished';

export type ArticleText = { [K in TextField]-?: NonNullable<Article[K]> };
