/**
 * What a copy of a story keeps. Strapi's clone copies every column of the source draft and lays
 * the request's body over it, so without these rules a copy inherits the source's approval, its
 * schedule (the cron would publish it unreviewed), its dateline and its correction. A copy is a
 * new story: those fields start empty unless the request sets them to something other than the
 * source's value (the admin's "Duplicate" form sends the source's values back unchanged), and what
 * it sets goes through the same rules as a create.
 */
import { REVIEW_STATES } from '@tintinh/content-types';

/** The per-story fields and what a new story has in them. */
const FRESH: Readonly<Record<string, unknown>> = {
  reviewState: REVIEW_STATES[0],
  reviewNote: null,
  scheduledAt: null,
  datePublished: null,
  correction: null,
};

type Data = Record<string, unknown>;

/** Dates compare by instant ("…T00:00:00Z" and "….000Z" are the same), the rest by value. */
function same(a: unknown, b: unknown): boolean {
  if ((a ?? null) === (b ?? null)) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [Date.parse(a), Date.parse(b)];
    return !Number.isNaN(x) && x === y && /^\d{4}-\d\d-\d\dT/.test(a) && /^\d{4}-\d\d-\d\dT/.test(b);
  }
  if (a instanceof Date || b instanceof Date) return new Date(a as string).getTime() === new Date(b as string).getTime();
  return false;
}

/**
 * Rewrites `data` (the clone's body) in place: each per-story field the body leaves at the
 * source's value (or does not send) starts fresh; the correction date is always the server's.
 * Answers the fields the body chose, for the caller to check as on a create.
 */
export function freshCopy(data: Data, source: Data): Data {
  const chosen: Data = {};
  for (const [field, fresh] of Object.entries(FRESH)) {
    if (!(field in data) || same(data[field], source[field])) data[field] = fresh;
    else chosen[field] = data[field];
  }
  data.correctedAt = null;
  return chosen;
}
