/**
 * Media writes checked file by file and folder by folder. Strapi's bulk routes (`bulk-delete`,
 * `bulk-move`) and folder edits only check that the caller holds `plugin::upload.assets.update`,
 * never its "own files only" condition, so a reporter could delete or move every cover in the
 * archive by id. Here, on every media write route (attached in extensions/upload):
 * - each file named must be one the caller may update (the condition applied to that file);
 * - a caller whose right is conditional (a reporter) may not touch a file that a published or
 *   approved story uses: replacing, renaming, moving or deleting it would change what readers see
 *   without review;
 * - folders, which hold everyone's files, are edited, moved and deleted only by those who may
 *   update any file (editors), and so are the batch AI-metadata jobs over the whole library.
 * Answers 403 naming the first file refused; an unknown id is left for Strapi to answer 404.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { APPROVED } from '../newsroom/review';
import { adminService } from '../strapi-services';

const FILE = 'plugin::upload.file';
const UPDATE = 'plugin::upload.assets.update';
const ARTICLE = 'api::article.article';

/** Strapi copies Koa's context for a policy: own properties only, so `query` is read from the request. */
interface PolicyContext {
  state: { userAbility?: unknown };
  params?: Record<string, string | undefined>;
  request: { body?: unknown; method: string; path: string; query?: Record<string, unknown> };
}

const id = z.coerce.number().int().positive();
const ids = z.array(id).default([]);
/** What each write route targets, read from its parameters and body. */
const targets = z.object({ fileIds: ids, folderIds: ids });
const bulkUpdate = z.object({ updates: z.array(z.object({ id })).default([]) });

/** The files and folders a request names (an id that does not parse is Strapi's to refuse). */
function namedTargets(ctx: PolicyContext): { files: number[]; folders: number[]; library: boolean } {
  const { path, method } = ctx.request;
  const body = ctx.request.body ?? {};
  if (/\/actions\/bulk-(delete|move)$/.test(path)) {
    const parsed = targets.safeParse(body);
    return parsed.success ? { files: parsed.data.fileIds, folders: parsed.data.folderIds, library: false } : { files: [], folders: [], library: false };
  }
  if (/\/actions\/bulk-update$/.test(path)) {
    const parsed = bulkUpdate.safeParse(body);
    return { files: parsed.success ? parsed.data.updates.map((u) => u.id) : [], folders: [], library: false };
  }
  if (/\/(actions\/generate-ai-metadata|ai-metadata-jobs)$/.test(path)) return { files: [], folders: [], library: true };
  if (/\/folders\/[^/]+$/.test(path) && method === 'PUT') return { files: [], folders: [Number(ctx.params?.id)], library: false };
  // PUT/DELETE /files/:id, POST /files/:id/replace, and POST /upload?id= (replace or edit).
  const file = id.safeParse(ctx.params?.id ?? ctx.request.query?.id);
  return { files: file.success ? [file.data] : [], folders: [], library: false };
}

export default async (ctx: PolicyContext, _config: unknown, { strapi }: { strapi: Core.Strapi }): Promise<boolean> => {
  const { files, folders, library } = namedTargets(ctx);
  if (files.length === 0 && folders.length === 0 && !library) return true;
  const pm = adminService(strapi, 'admin::permission').createPermissionsManager({
    ability: ctx.state.userAbility,
    action: UPDATE,
    model: FILE,
  });
  // A file made by nobody the caller is: whoever may update it may update any file.
  const anyFile = pm.ability.can(UPDATE, pm.toSubject({ createdBy: { id: -1, roles: [] } }, FILE));
  if ((folders.length > 0 || library) && !anyFile) throw new errors.ForbiddenError('Chỉ biên tập viên sắp xếp, đổi tên hay xóa được thư mục ảnh.');
  const users = adminService(strapi, 'admin::user');
  for (const fileId of files) {
    const file = (await strapi.db.query(FILE).findOne({ where: { id: fileId }, populate: ['createdBy'] })) as {
      name?: string;
      createdBy?: { id?: number };
    } | null;
    if (!file) continue;
    // The conditions read the creator's id and roles (admin::is-creator, has-same-role-as-creator).
    const author = file.createdBy?.id ? await users.findOne(file.createdBy.id, ['roles']) : null;
    if (!pm.ability.can(UPDATE, pm.toSubject({ ...file, createdBy: author }, FILE))) {
      throw new errors.ForbiddenError(`Ảnh "${file.name ?? fileId}" không phải của bạn: bạn chỉ sửa, chuyển hay xóa được ảnh mình tải lên.`);
    }
    if (anyFile) continue;
    const inUse = await strapi.db
      .query(ARTICLE)
      .count({ where: { cover: { id: fileId }, $or: [{ publishedAt: { $notNull: true } }, { reviewState: APPROVED }] } });
    if (inUse > 0)
      throw new errors.ForbiddenError(`Ảnh "${file.name ?? fileId}" đang dùng trong bài đã duyệt hoặc đã đăng: chỉ biên tập viên thay, sửa hay xóa được.`);
  }
  return true;
};
