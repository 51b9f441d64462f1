/**
 * A corrected story's note ("Đính chính") as the page and the feed print it. The date is the
 * CMS's (set when the note went live); a preview of a draft whose note is not live yet has none.
 */
import type { SiteArticle } from './content/schema.ts';

export interface Correction {
  note: string;
  at: Date | null;
}

type Corrected = Pick<SiteArticle, 'correction' | 'correctedAt'>;

export function correctionOf(article: Corrected): Correction | null {
  const note = article.correction?.trim();
  if (!note) return null;
  return { note, at: article.correctedAt ? new Date(article.correctedAt) : null };
}
