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

/**
 * The reader routes (a vote, poll results, a comment) are public by their route config
 * (`auth: false`, see READER_WRITE_ROUTE), not through the role: asking the users-permissions plugin
 * costs a database read of the public role's permissions on every request, which at a thousand
 * votes a second was most of a vote's price. Their guards are in the route instead.
 */
export const PUBLIC_ROLE_ACTIONS: readonly string[] = [...PUBLIC_READ_ACTIONS];

/** The site build reads exactly what the public reads. */
export const SITE_TOKEN_ACTIONS: readonly string[] = [...PUBLIC_READ_ACTIONS];

/** Route config of a reader write: public, same-site only, rate limited per address. */
export const READER_WRITE_ROUTE = { auth: false, middlewares: ['global::public-write-origin', 'global::public-write-limit'] } as const;
/** Route config of a reader read that is not a content type's find (poll results). */
export const READER_READ_ROUTE = { auth: false } as const;
