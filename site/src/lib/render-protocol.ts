/**
 * The render host's protocol, defined once: what the publisher sends to the site's internal
 * routes (src/pages/internal/) and what they answer, as zod schemas both sides parse with, and
 * which content types the site applies one entry at a time (the publisher's webhook verdict asks
 * for a full build for any other). The publisher imports this module; nothing here imports the
 * site's pages or data.
 */
import { z } from 'zod';
import { article, comment, documentIdSchema, MOST_READ_CHANGE, poll, weatherNote } from '@tintinh/content-types';

/** One CMS entry that changed (or the most-read box, MOST_READ_CHANGE). */
export const siteChange = z.object({ uid: z.string(), documentId: documentIdSchema });
export type SiteChange = z.infer<typeof siteChange>;

/** POST /internal/apply/ */
export const applyRequest = z.object({ changes: z.array(siteChange).min(1).max(1000) });
export type ApplyRequest = z.infer<typeof applyRequest>;

/** When the weather box would next show something else by the clock alone, and because of which note. */
export const sidebarClock = z.object({ at: z.iso.datetime(), documentId: z.string() }).nullable();
export type SidebarClock = z.infer<typeof sidebarClock>;

/** The answer to POST /internal/apply/: the routes to write again and remove, or a full build. */
export const applyAnswer = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('render'),
    render: z.array(z.string()),
    remove: z.array(z.string()),
    /** The sidebar changed: only the home page shows it yet; the rest waits for a consolidation. */
    consolidate: z.boolean(),
    sidebarClock,
  }),
  z.object({ kind: z.literal('full'), reason: z.string() }),
]);
export type ApplyAnswer = z.infer<typeof applyAnswer>;

/** The answer to GET /internal/apply/ (the data loaded): the render host prints it after "ready ". */
export const readyAnswer = z.object({ articles: z.number(), sidebarClock });
export type ReadyAnswer = z.infer<typeof readyAnswer>;

/** The internal routes (src/pages/internal/): apply a batch, render a page, render a file. */
export const INTERNAL_ROUTES = { apply: '/internal/apply/', render: '/internal/render/', file: '/internal/file/' } as const;

/** The header that carries the render host's secret (internal-request.ts). */
export const RENDER_SECRET_HEADER = 'x-render-secret';

/** Types applied entry by entry: articles and comments reach known pages. */
export const ENTRY_TYPES: ReadonlySet<string> = new Set([article.uid, comment.uid]);
/** Types shown in the sidebar of every page: a change renders the home page and asks for a consolidation. */
export const SIDEBAR_TYPES: ReadonlySet<string> = new Set([poll.uid, weatherNote.uid]);
/** The most-read box moving: its own page alone. */
export const MOST_READ_UID: string = MOST_READ_CHANGE.uid;

/** Whether the site applies a change of `uid` incrementally; anything else needs a full build. */
export const isIncremental = (uid: string): boolean => ENTRY_TYPES.has(uid) || SIDEBAR_TYPES.has(uid) || uid === MOST_READ_UID;
