/**
 * Corrections ("Đính chính"). Editors write the note; the date readers see beside it is the
 * CMS's: it moves when the note on the site changes (a publish whose note differs from the live
 * one), never when an editor types a date, and never on a republish that leaves the note alone.
 * The dateline (datePublished) is not touched: a corrected story is not a new story.
 */
import type { Core } from '@strapi/strapi';

const ARTICLE = 'api::article.article';

const noteOf = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The correctedAt the published version gets when `nextNote` goes live. */
export async function correctionDate(strapi: Core.Strapi, documentId: string | undefined, nextNote: unknown): Promise<Date | null> {
  const live = documentId ? await strapi.documents(ARTICLE).findOne({ documentId, status: 'published', fields: ['correction', 'correctedAt'] }) : null;
  const note = noteOf(nextNote);
  if (!note) return null;
  if (live && noteOf(live.correction) === note) return live.correctedAt ? new Date(live.correctedAt as string) : null;
  return new Date();
}

/** Before a publish: the draft (which the publish copies) carries the right correction date. */
export async function stampCorrectionOnDraft(strapi: Core.Strapi, documentId: string, draftNote: unknown): Promise<void> {
  const correctedAt = await correctionDate(strapi, documentId, draftNote);
  await strapi.db.query(ARTICLE).updateMany({ where: { documentId, publishedAt: null }, data: { correctedAt } });
}
