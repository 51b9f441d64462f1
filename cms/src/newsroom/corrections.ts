/**
 * Corrections ("Đính chính"). Editors write the note; the date readers see beside it is the
 * CMS's: it moves when the note on the site changes (a publish whose note differs from the live
 * one), never when an editor types a date, and never on a republish that leaves the note alone.
 * The dateline (datePublished) is not touched: a corrected story is not a new story.
 */

/** The note as readers would see it ('' when there is none). */
export const correctionNote = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The correctedAt the published version gets when `nextNote` goes live over `live`. */
export function correctionDate(live: { correction?: string | null; correctedAt?: string | null } | null, nextNote: unknown, now = new Date()): Date | null {
  const note = correctionNote(nextNote);
  if (!note) return null;
  if (live && correctionNote(live.correction) === note) return live.correctedAt ? new Date(live.correctedAt) : null;
  return now;
}
