/**
 * What a CMS webhook means for the site. Readers post comments anonymously and each arrives as
 * `entry.create` with status pending; an editor saving a draft sends `entry.update` for the draft
 * row: neither changes anything a reader sees, and rebuilding for them would let anyone keep the
 * builder busy. An article published, unpublished or deleted and a comment moderated are changes
 * the incremental renderer can apply; anything else, or anything unclear (a payload that does
 * not parse, an event not listed here), asks for a full build: building too much is safe,
 * missing a takedown is not.
 */
import type http from 'node:http';
import { z } from 'zod';

const MAX_BODY_BYTES = 1024 * 1024;
const ARTICLE = 'api::article.article';
const COMMENT = 'api::comment.comment';

const strapiWebhook = z.object({
  event: z.string(),
  uid: z.string().optional(),
  entry: z.object({ documentId: z.string().regex(/^[a-z0-9]{10,40}$/).optional(), moderationStatus: z.string().optional() }).passthrough().nullable().optional(),
});

export interface SiteChange { uid: string; documentId: string }

export type WebhookVerdict = { kind: 'none'; reason: string } | { kind: 'change'; change: SiteChange } | { kind: 'full'; reason: string };

export function judgeWebhook(payload: unknown): WebhookVerdict {
  const parsed = strapiWebhook.safeParse(payload);
  if (!parsed.success) return { kind: 'full', reason: 'a webhook that does not parse' };
  const { event, uid, entry } = parsed.data;
  if (event === 'media.create') return { kind: 'none', reason: 'a new upload is not on any page until an entry uses it' };
  const documentId = entry?.documentId;
  if (uid === COMMENT) {
    // A new comment is only ever shown once approved; an approval arrives as entry.update.
    if (event === 'entry.create' && entry?.moderationStatus !== 'approved') return { kind: 'none', reason: 'a comment waiting for moderation is not shown' };
    return documentId ? { kind: 'change', change: { uid, documentId } } : { kind: 'full', reason: 'a comment event without a documentId' };
  }
  if (uid === ARTICLE) {
    // Saving edits the draft row only; readers see an article change when it is (un)published or deleted.
    if (event === 'entry.create' || event === 'entry.update') return { kind: 'none', reason: 'a draft edit is not shown until published' };
    return documentId ? { kind: 'change', change: { uid, documentId } } : { kind: 'full', reason: 'an article event without a documentId' };
  }
  return { kind: 'full', reason: `${uid ?? event} changed` };
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
