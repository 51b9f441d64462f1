import type { z } from 'zod';
import { article } from './types/article.js';
import { category } from './types/category.js';
import { comment } from './types/comment.js';
import { poll, pollOption } from './types/poll.js';
import { publicationLog } from './types/publication-log.js';
import { tag } from './types/tag.js';
import { weatherNote } from './types/weather-note.js';

export * from './define.js';
export * from './slug.js';
export * from './strapi-schema.js';
export * from './preview.js';
export * from './model.js';
export * from './urls.js';
export * from './most-read.js';
export * from './fold.js';
export {
  article,
  ARTICLE_READER_FIELDS,
  ARTICLE_TITLE_MAX,
  ARTICLE_WORKFLOW_FIELDS,
  REVIEW_STATES,
  REVIEW_WAITING,
  type ReviewState,
} from './types/article.js';
export { publicationLog, PUBLICATION_ACTIONS, type PublicationAction } from './types/publication-log.js';
export { category } from './types/category.js';
export { tag } from './types/tag.js';
export { poll, pollOption, POLL_MIN_OPTIONS, POLL_MAX_OPTIONS } from './types/poll.js';
export { weatherNote } from './types/weather-note.js';
export { comment, COMMENT_STATUSES, COMMENT_NAME_MAX, COMMENT_BODY_MAX, type CommentStatus } from './types/comment.js';

/** Every content type, in dependency order. */
export const contentTypes = [category, tag, article, poll, weatherNote, comment, publicationLog] as const;

/** The content type with this uid (api::<name>.<name>), if the model has one. */
export const contentTypeByUid = (uid: string) => contentTypes.find((t) => t.uid === uid);
export const components = [pollOption] as const;

/** Content types the public (and the site build) may read. */
export const publicReadableTypes = [article, category, tag, poll, weatherNote] as const;

export type Article = z.infer<typeof article.entrySchema>;
export type Category = z.infer<typeof category.entrySchema>;
export type Tag = z.infer<typeof tag.entrySchema>;
export type Poll = z.infer<typeof poll.entrySchema>;
export type WeatherNote = z.infer<typeof weatherNote.entrySchema>;
export type Comment = z.infer<typeof comment.entrySchema>;
