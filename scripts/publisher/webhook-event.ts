/**
 * What a CMS webhook says about the site: whether the change can be seen by readers at all.
 * Readers post comments anonymously and each one arrives as `entry.create` with status pending;
 * rebuilding for those would let any reader keep the builder busy. Anything unclear (a payload
 * that does not parse, an event not listed here) counts as a change: building too often is safe,
 * missing a takedown is not.
 */
import type http from 'node:http';
import { z } from 'zod';

const MAX_BODY_BYTES = 1024 * 1024;

const strapiWebhook = z.object({
  event: z.string(),
  uid: z.string().optional(),
  entry: z.object({ moderationStatus: z.string().optional() }).passthrough().nullable().optional(),
});

export type WebhookVerdict = { affectsSite: true } | { affectsSite: false; reason: string };

export function judgeWebhook(payload: unknown): WebhookVerdict {
  const parsed = strapiWebhook.safeParse(payload);
  if (!parsed.success) return { affectsSite: true };
  const { event, uid, entry } = parsed.data;
  // A new comment is only ever shown once approved; an approval arrives as entry.update.
  if (uid === 'api::comment.comment' && event === 'entry.create' && entry?.moderationStatus !== 'approved') {
    return { affectsSite: false, reason: 'a comment waiting for moderation is not shown' };
  }
  return { affectsSite: true };
}

/** Reads (at most 1 MiB of) the request body as JSON and judges it. */
export async function readWebhook(req: http.IncomingMessage): Promise<WebhookVerdict> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { affectsSite: true };
    chunks.push(chunk as Buffer);
  }
  try {
    return judgeWebhook(JSON.parse(Buffer.concat(chunks).toString('utf8')));
  } catch {
    return { affectsSite: true };
  }
}
