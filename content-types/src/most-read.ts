/**
 * The most-read box ("Đọc nhiều"), as the CMS, the publisher and the site agree on it: how many
 * stories it lists, and the change that tells the publisher its list moved. The box is one thing,
 * not an entry, so its change names a fixed pseudo-document.
 */
import { z } from 'zod';
import { documentIdSchema } from './define.js';

export const MOST_READ_SIZE = 10;

export const MOST_READ_CHANGE = { uid: 'tintinh.most-read', documentId: 'mostreadbox' } as const;

/** The CMS's answer to GET /api/reads/top: views of the last 24 hours, most read first. */
export const mostReadList = z.array(z.object({ documentId: documentIdSchema, views: z.number().int().nonnegative() })).max(MOST_READ_SIZE);
export type MostRead = z.infer<typeof mostReadList>[number];
