/**
 * Review is of content, not of a flag. An editor approves what a story says; when someone who may
 * not approve (a reporter) then changes anything readers get (content-types' ARTICLE_READER_FIELDS:
 * text, cover, caption, category, tags, dateline…), the story goes back to "Chờ duyệt" and an
 * editor sees it again before it can be scheduled or published as approved.
 *
 * Compared on what the database holds before and after the save rather than on the request, so
 * every shape of a save counts the same (relations connected, set or disconnected; media by id or
 * by object; fields sent unchanged, as the admin's form always sends them).
 */
import type { Core } from '@strapi/strapi';
import { ARTICLE_READER_FIELDS, article, REVIEW_WAITING } from '@tintinh/content-types';
import { APPROVED } from './review';

const ARTICLE = 'api::article.article';

const NESTED = new Set(['relation', 'media']);
const attributes: Record<string, { strapi: { type: string } }> = article.attributes;
const SCALARS = ARTICLE_READER_FIELDS.filter((name) => !NESTED.has(attributes[name]?.strapi.type ?? ''));
const LINKS = ARTICLE_READER_FIELDS.filter((name) => NESTED.has(attributes[name]?.strapi.type ?? ''));

type Row = Record<string, unknown>;

/** A linked entry (or media file) by what identifies it; lists sorted, so order alone is no change. */
function linkKey(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(linkKey).sort();
  if (value && typeof value === 'object') {
    const row = value as Row;
    return String(row.documentId ?? row.id);
  }
  return null;
}

/** What readers would get from the draft, as one comparable string; null when there is no draft. */
export async function readerView(strapi: Core.Strapi, documentId: string): Promise<string | null> {
  const draft = (await strapi.db.query(ARTICLE).findOne({
    where: { documentId, publishedAt: null },
    select: SCALARS,
    populate: Object.fromEntries(LINKS.map((name) => [name, { select: ['id', 'documentId'] }])),
  })) as Row | null;
  if (!draft) return null;
  const view: Row = {};
  for (const name of SCALARS) view[name] = draft[name] ?? null;
  for (const name of LINKS) view[name] = linkKey(draft[name]);
  return JSON.stringify(view);
}

/** Puts a draft still marked approved back in the review queue; answers the state it then has. */
export async function returnToReview(strapi: Core.Strapi, documentId: string): Promise<string> {
  await strapi.db.query(ARTICLE).updateMany({ where: { documentId, publishedAt: null, reviewState: APPROVED }, data: { reviewState: REVIEW_WAITING } });
  const draft = (await strapi.db.query(ARTICLE).findOne({ where: { documentId, publishedAt: null }, select: ['reviewState'] })) as Row | null;
  return String(draft?.reviewState ?? REVIEW_WAITING);
}
