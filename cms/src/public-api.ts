/**
 * What the public (and the site's read-only token) may do, in one place: the bootstrap grants
 * exactly these actions, the routers attach the read guard to exactly these types.
 */
export const PUBLIC_READ_ACTIONS = [
  'api::article.article.find',
  'api::article.article.findOne',
  'api::category.category.find',
  'api::category.category.findOne',
  'api::tag.tag.find',
  'api::tag.tag.findOne',
  'api::poll.poll.find',
  'api::poll.poll.findOne',
  'api::weather-note.weather-note.find',
  'api::weather-note.weather-note.findOne',
  // Served through a guard that only ever lists approved comments.
  'api::comment.comment.find',
  // Old paths of moved articles and categories.
  'api::article.article.redirects',
] as const;

/** The only writes the public can make, each behind the per-IP rate limit. */
export const PUBLIC_WRITE_ACTIONS = ['api::poll.poll.vote', 'api::comment.comment.submit'] as const;

/** The public role's whole permission set. */
export const PUBLIC_ROLE_ACTIONS: readonly string[] = [...PUBLIC_READ_ACTIONS, 'api::poll.poll.results', ...PUBLIC_WRITE_ACTIONS];

/** The site build reads exactly what the public reads. */
export const SITE_TOKEN_ACTIONS: readonly string[] = [...PUBLIC_READ_ACTIONS];
