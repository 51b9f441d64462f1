/**
 * The publication log's writer. Entries are written through the Document Service inside the
 * log writer's async scope (`logWriter`), and the guard refuses every other write to the log, whoever sends it (the super
 * admin included): the record of who published what cannot be edited after the fact.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { PublicationAction } from '@tintinh/content-types';
import { currentActor } from './actor';

export const LOG_UID = 'api::publication-log.publication-log';
const LOG_WRITES = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone']);

const logWriter = new AsyncLocalStorage<true>();

export interface LogEntry {
  action: PublicationAction;
  articleDocumentId: string;
  titleBefore: string | null;
  titleAfter: string | null;
  detail?: string | null;
}

const clip = (text: string | null | undefined, max: number) => (text ? text.slice(0, max) : undefined);

export async function recordPublication(strapi: Core.Strapi, entry: LogEntry): Promise<void> {
  const actor = await currentActor(strapi);
  const data = {
    action: entry.action,
    articleDocumentId: entry.articleDocumentId,
    titleBefore: clip(entry.titleBefore, 255),
    titleAfter: clip(entry.titleAfter, 255),
    editorName: clip(actor.name, 255) ?? 'Hệ thống',
    editorEmail: actor.email ?? undefined,
    at: new Date().toISOString(),
    detail: clip(entry.detail, 2000),
  };
  await logWriter.run(true, () => strapi.documents(LOG_UID).create({ data }));
}

/** Document Service middleware: only the log writer writes the log. */
export function guardPublicationLog(uid: string, action: string): void {
  if (uid === LOG_UID && LOG_WRITES.has(action) && !logWriter.getStore()) {
    throw new errors.ForbiddenError('Nhật ký xuất bản chỉ để đọc: không ai sửa, thêm hay xóa được.');
  }
}
