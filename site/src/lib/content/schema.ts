/**
 * The shapes of the site's content: what is read from the CMS (SiteContent, each entry validated
 * against the content model on the way in) and what pages read (SiteData, derived from it by
 * derive.ts). Types and schemas only: every other content module imports from here.
 */
import { z } from 'zod';
import {
  article,
  type Category,
  category,
  type Comment,
  comment,
  type MostRead,
  type Poll,
  poll,
  type Tag,
  tag,
  type WeatherNote,
  weatherNote,
} from '@tintinh/content-types';
import type { Lookup } from '../lookup.ts';

export const siteArticle = article.entrySchema.extend({
  // A published article must have a category: it is part of its URL.
  category: category.linkSchema,
  tags: z.array(tag.linkSchema).default([]),
  datePublished: z.iso.datetime({ offset: true }).nullable(),
});

/** An article as pages read it: its date and URL worked out once. */
export type SiteArticle = z.infer<typeof siteArticle> & { date: Date; url: string };

/** The CMS's table of old public paths (moved articles and categories). */
export const movedPathList = z.array(z.object({ from: z.string().regex(/^\/[a-z0-9\-/]*\/$/), type: z.enum(['article', 'category']), documentId: z.string() }));
export type MovedPath = z.infer<typeof movedPathList>[number];

/** What the CMS holds for the site, as read and validated, before anything is derived from it. */
export interface SiteContent {
  categories: Category[];
  tags: Tag[];
  articles: Array<z.infer<typeof siteArticle>>;
  polls: Poll[];
  notes: WeatherNote[];
  comments: Comment[];
  movedPaths: MovedPath[];
  mostRead: MostRead[];
}

/** The collections of SiteContent read entry by entry (the rest are small lists read whole). */
export type EntryCollection = Exclude<keyof SiteContent, 'movedPaths' | 'mostRead'>;

/** The schema each collection's entries are validated with, from the CMS or from a snapshot. */
export const entrySchemas: { readonly [K in EntryCollection]: z.ZodType<SiteContent[K][number]> } = {
  categories: category.entrySchema,
  tags: tag.entrySchema,
  articles: siteArticle,
  polls: poll.entrySchema,
  notes: weatherNote.entrySchema,
  comments: comment.entrySchema,
};

/** Everything a build's pages read, derived from SiteContent in one pass (derive.ts). */
export interface SiteData {
  /** The content this was derived from (kept so one change can be applied to it). */
  content: SiteContent;
  categories: Category[];
  tags: Tag[];
  /** Newest first. */
  articles: SiteArticle[];
  articleById: Lookup<SiteArticle>;
  articleByUrl: Lookup<SiteArticle>;
  articlesByCategory: Map<string, SiteArticle[]>;
  articlesByTag: Map<string, SiteArticle[]>;
  sidebarPoll: Poll | null;
  weather: WeatherNote | null;
  commentsByArticle: Map<string, Comment[]>;
  /** The "Đọc nhiều" box: the most read published articles of the last 24 hours, most read first. */
  mostRead: SiteArticle[];
  /** Old public paths (moved articles and categories) → where they live now. */
  redirects: Map<string, string>;
  /** When this build's data was read: "valid now" is judged against it. */
  builtAt: Date;
}
