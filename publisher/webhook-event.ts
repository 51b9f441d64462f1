/**
 * What a CMS webhook means for the site. Readers post comments anonymously and each arrives as
 * `entry.create` with status pending; an editor saving a draft sends `entry.update` for the draft
 * row: neither changes anything a reader sees, and rebuilding for them would let anyone keep the
 * builder busy. An article or poll published, unpublished or deleted, a weather note saved and a
 * comment moderated are changes the incremental renderer can apply; anything else, or anything
 * unclear (a payload that does not parse, an event not listed here), asks for a full build:
 * building too much is safe, missing a takedown is not.
 */
import type http from 'node:http';
import { z } from 'zod';
import { article, comment, documentIdSchema, MOST_READ_CHANGE, poll, publicationLog } from '@tintinh/content-types';
import { isIncremental, type SiteChange } from '../site/src/lib/render-protocol.ts';

const MAX_BODY_BYTES = 1024 * 1024;
/** The CMS's own event when the most-read box changes (cms/src/api/reads/services/reads.ts). */
const MOST_READ_EVENT = 'most-read.update';

const strapiWebhook = z.object({
  event: z.string(),
  uid: z.string().optional(),
  entry: z.object({ documentId: documentIdSchema.optional(), moderationStatus: z.string().optional() }).passthrough().nullable().optional(),
});

export type { SiteChange };

export type WebhookVerdict = { kind: 'none'; reason: string } | { kind: 'change'; change: SiteChange } | { kind: 'full'; reason: string };

/** Types with drafts: saving one edits the draft row, which readers see only once it is published. */
const DRAFTED: ReadonlySet<string> = new Set([article.uid, poll.uid]);
/** Types the site never shows: the newsroom's publication log (written at every publish). */
const NOT_ON_SITE: ReadonlySet<string> = new Set([publicationLog.uid]);

export function judgeWebhook(payload: unknown): WebhookVerdict {
  // An operator (or the bench) asking by hand posts an empty object: say so on /_status and in
  // the log, rather than blaming a malformed webhook.
  if (payload !== null && typeof payload === 'object' && !Array.isArray(payload) && Object.keys(payload).length === 0)
    return { kind: 'full', reason: 'a full build asked for by hand (an empty webhook)' };
  const parsed = strapiWebhook.safeParse(payload);
  if (!parsed.success) return { kind: 'full', reason: 'a webhook that does not parse' };
  const { event, uid, entry } = parsed.data;
  // The CMS's most-read box moved (checked every 10 minutes): only the box's page changes.
  if (event === MOST_READ_EVENT) return { kind: 'change', change: { ...MOST_READ_CHANGE } };
  if (uid && NOT_ON_SITE.has(uid)) return { kind: 'none', reason: `${uid} is not on the site` };
  if (event === 'media.create') return { kind: 'none', reason: 'a new upload is not on any page until an entry uses it' };
  // A new comment is only ever shown once approved; an approval arrives as entry.update.
  if (uid === comment.uid && event === 'entry.create' && entry?.moderationStatus !== 'approved')
    return { kind: 'none', reason: 'a comment waiting for moderation is not shown' };
  if (uid && DRAFTED.has(uid) && (event === 'entry.create' || event === 'entry.update'))
    return { kind: 'none', reason: 'a draft edit is not shown until published' };
  // Which types the renderer applies one by one is the site's to say (render-protocol.ts).
  if (!uid || !isIncremental(uid)) return { kind: 'full', reason: `${uid ?? event} changed` };
  const documentId = entry?.documentId;
  return documentId ? { kind: 'change', change: { uid, documentId } } : { kind: 'full', reason: `a ${uid} event without a documentId` };
}

/** Reads (at most 1 MiB of) the request body as JSON and judges it. */
export async function readWebhook(req: http.IncomingMessage): Promise<WebhookVerdict> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { kind: 'full', reason: 'an oversized webhook' };
    chunks.push(chunk as Buffer);
  }
  try {
    return judgeWebhook(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  } catch {
    return { kind: 'full', reason: 'a webhook that is not JSON' };
  }
}
