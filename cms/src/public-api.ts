/**
 * What the public (and the site's read-only token) may do, in one place: the bootstrap grants
 * exactly these actions, the routers attach the read guard to exactly these types.
 */
import { article, comment, publicReadableTypes } from '@tintinh/content-types';

export const PUBLIC_READ_ACTIONS: readonly string[] = [
  // Every published entry of the publicly readable types (content-types/ says which they are).
  ...publicReadableTypes.flatMap((type) => [`${type.uid}.find`, `${type.uid}.findOne`]),
  // Comments are listed only (never one by id), through a guard that only lists approved ones.
  `${comment.uid}.find`,
  // Old paths of moved articles and categories.
  `${article.uid}.redirects`,
];

/** The only writes the public can make, each behind the per-IP rate limit. */
export const PUBLIC_WRITE_ACTIONS = ['api::poll.poll.vote', 'api::comment.comment.submit'] as const;

/** The public role's whole permission set. */
export const PUBLIC_ROLE_ACTIONS: readonly string[] = [...PUBLIC_READ_ACTIONS, 'api::poll.poll.results', ...PUBLIC_WRITE_ACTIONS];

/** The site build reads exactly what the public reads. */
export const SITE_TOKEN_ACTIONS: readonly string[] = [...PUBLIC_READ_ACTIONS];
