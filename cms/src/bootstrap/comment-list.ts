import type { Core } from '@strapi/strapi';

interface ListConfig {
  settings: Record<string, unknown>;
  layouts: { list: string[] } & Record<string, unknown>;
  metadatas: Record<string, { list: Record<string, unknown>; edit: Record<string, unknown> }>;
}
interface ContentTypesService {
  findContentType(uid: string): unknown;
  findConfiguration(ct: unknown): Promise<ListConfig>;
  updateConfiguration(ct: unknown, config: Omit<ListConfig, never>): Promise<unknown>;
}

const COLUMNS = ['moderationStatus', 'authorName', 'body', 'article', 'createdAt'];

/** The comment list editors moderate from: newest first, status, reader, text and article title. */
export async function configureCommentList(strapi: Core.Strapi) {
  const service = strapi.plugin('content-manager').service('content-types') as unknown as ContentTypesService;
  const ct = service.findContentType('api::comment.comment');
  const config = await service.findConfiguration(ct);
  if (config.layouts.list.join() === COLUMNS.join() && config.settings.defaultSortBy === 'createdAt') return;
  const article = config.metadatas.article;
  if (article) {
    article.list = { ...article.list, label: 'Bài viết', mainField: 'title' };
    article.edit = { ...article.edit, mainField: 'title' };
  }
  await service.updateConfiguration(ct, {
    settings: { ...config.settings, defaultSortBy: 'createdAt', defaultSortOrder: 'DESC', mainField: 'authorName' },
    layouts: { ...config.layouts, list: COLUMNS },
    metadatas: config.metadatas,
  });
}
