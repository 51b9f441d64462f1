/**
 * Rules the Document Service does not enforce by itself (it fills no uid field and checks no
 * `required` on drafts). Registered as a document middleware, so the admin, REST and scripts all
 * pass through them.
 */
import type { Core } from '@strapi/strapi';
import {
  ARTICLE_TITLE_MAX,
  contentTypeByUid,
  contentTypes,
  POLL_MAX_OPTIONS,
  POLL_MIN_OPTIONS,
  requiredFields,
  slugify,
  slugProblem,
  slugSource,
  typeLabel,
} from '@tintinh/content-types';
import { fieldError } from './entry-errors';

type Data = Record<string, unknown>;
type SluggedType = { uid: string; label: string; source: string };

/** Types with a slug, and the field each is made from (the model's uid attributes). */
const SLUGGED: SluggedType[] = contentTypes.flatMap((type) => {
  const slug = slugSource(type);
  return slug ? [{ uid: type.uid, label: typeLabel(type), source: slug.source }] : [];
});

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

async function findOtherWithSlug(strapi: Core.Strapi, uid: string, slug: string, documentId?: string) {
  const where: Record<string, unknown> = { slug };
  if (documentId) where.documentId = { $ne: documentId };
  return strapi.db.query(uid as never).findOne({ where, select: ['documentId'] });
}

/** Fills an empty slug from the title/name, validates a given one, keeps slugs unique per type. */
export async function applySlugRules(strapi: Core.Strapi, t: SluggedType, data: Data, documentId?: string, existing?: Data) {
  const label = String(data[t.source] ?? existing?.[t.source] ?? documentId ?? 'new entry');
  if ('slug' in data ? isBlank(data.slug) : !existing) {
    const sourceText = data[t.source] ?? existing?.[t.source];
    // Nothing to make one from yet (an untitled draft): store no slug rather than a blank one;
    // publishing requires it.
    if (isBlank(sourceText)) {
      if ('slug' in data) data.slug = null;
      return;
    }
    const base = slugify(String(sourceText));
    if (!base) throw fieldError(t.label, label, 'slug', 'cannot be made from the title; please enter one', sourceText);
    let candidate = base;
    for (let n = 2; await findOtherWithSlug(strapi, t.uid, candidate, documentId); n++) candidate = `${base}-${n}`;
    data.slug = candidate;
    return;
  }
  if (!('slug' in data)) return;
  const problem = slugProblem(data.slug);
  if (problem) throw fieldError(t.label, label, 'slug', problem, data.slug);
  if (await findOtherWithSlug(strapi, t.uid, String(data.slug), documentId)) {
    throw fieldError(t.label, label, 'slug', `"${String(data.slug)}" is already used by another entry`, data.slug);
  }
}

/** Field rules checked whenever a value is written, draft or not. */
export function checkWrittenFields(uid: string, data: Data, label: string) {
  if (uid === 'api::article.article' && typeof data.title === 'string' && data.title.length > ARTICLE_TITLE_MAX) {
    throw fieldError('Article', label, 'title', `must be at most ${ARTICLE_TITLE_MAX} characters`, data.title.length);
  }
}

/** What a published entry must have: required fields are only enforced at publication. */
export function checkPublishable(uid: string, entry: Data, label: string) {
  const type = contentTypeByUid(uid);
  if (!type?.draftAndPublish) return;
  for (const field of requiredFields(type)) {
    if (isBlank(entry[field])) throw fieldError(typeLabel(type), label, field, 'is required to publish');
  }
  if (uid === 'api::poll.poll') {
    const options = Array.isArray(entry.options) ? entry.options : [];
    if (options.length < POLL_MIN_OPTIONS || options.length > POLL_MAX_OPTIONS) {
      throw fieldError('Poll', label, 'options', `needs between ${POLL_MIN_OPTIONS} and ${POLL_MAX_OPTIONS} options (has ${options.length})`);
    }
    const opensAt = entry.opensAt ? Date.parse(String(entry.opensAt)) : null;
    const closesAt = entry.closesAt ? Date.parse(String(entry.closesAt)) : null;
    if (opensAt !== null && closesAt !== null && closesAt <= opensAt) {
      throw fieldError('Poll', label, 'closesAt', 'must be after opensAt');
    }
  }
}

export { SLUGGED, type SluggedType, type Data };
