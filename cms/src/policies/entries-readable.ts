/**
 * Content-manager routes that take a list of entries (`documentIds`, in the body or the query)
 * and check only that the caller may read the type, never each entry: Strapi 5.54's
 * `bulkFindForValidation` answers every listed draft whole, so a reporter could read any
 * colleague's draft by its id, and `countManyEntriesDraftRelations` answers about them. Each
 * entry must be one the caller may read (draft-access.ts), or the request is refused.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { mayReadDraft } from '../newsroom/draft-access';

interface PolicyContext {
  params?: Record<string, string | undefined>;
  request: { body?: unknown; query?: Record<string, unknown> };
}

const documentIds = z.object({ documentIds: z.array(z.string()).default([]) }).catch({ documentIds: [] });

export default async (ctx: PolicyContext, _config: unknown, { strapi }: { strapi: Core.Strapi }): Promise<boolean> => {
  const model = ctx.params?.model;
  if (!model || strapi.getModel(model as UID.Schema)?.modelType !== 'contentType') return true;
  const ids = [...documentIds.parse(ctx.request.body ?? {}).documentIds, ...documentIds.parse(ctx.request.query ?? {}).documentIds];
  for (const id of new Set(ids)) {
    if (!(await mayReadDraft(strapi, model as UID.ContentType, id))) throw new errors.ForbiddenError('Bạn không có quyền đọc một trong các bài được chọn.');
  }
  return true;
};
