/**
 * The content manager's views as the newsroom reads them, applied at every start from the model:
 * each field's Vietnamese label, help text and whether editors may change it (written beside the
 * attribute in content-types/, `labelled`), and the list views' columns and order.
 */
import type { Core } from '@strapi/strapi';
import { type AdminField, type Attr, article, comment, components, contentTypes, publicationLog } from '@tintinh/content-types';
import { type ConfigurationService, contentManagerService, type FieldMeta, type ViewConfig } from '../strapi-services';

interface ListView {
  columns: string[];
  sortBy: string;
  sortOrder: 'ASC' | 'DESC';
  /** What a relation column shows of the related entry. */
  relationLabels?: Record<string, { label: string; mainField: string }>;
}

/** The article list: the database indexes its sorts (database/admin-list-indexes.ts). */
export const articleListView: ListView = {
  columns: ['title', 'category', 'reviewState', 'datePublished', 'updatedAt', 'updatedBy'],
  sortBy: 'createdAt',
  sortOrder: 'DESC',
  relationLabels: { category: { label: 'Chuyên mục', mainField: 'name' }, updatedBy: { label: 'Sửa lần cuối bởi', mainField: 'firstname' } },
};

/** Newest first, with the columns each desk scans (Strapi adds the draft/published status itself). */
const LIST_VIEWS: Record<string, ListView> = {
  [article.uid]: articleListView,
  [comment.uid]: {
    columns: ['moderationStatus', 'authorName', 'body', 'article', 'createdAt'],
    sortBy: 'createdAt',
    sortOrder: 'DESC',
    relationLabels: { article: { label: 'Bài viết', mainField: 'title' } },
  },
  [publicationLog.uid]: {
    columns: ['at', 'action', 'titleAfter', 'titleBefore', 'editorName'],
    sortBy: 'at',
    sortOrder: 'DESC',
  },
};

/** Labels of Strapi's own fields in the views. */
const SYSTEM_LABELS: Record<string, string> = { createdAt: 'Ngày tạo', updatedAt: 'Sửa lần cuối', id: 'ID' };

function applyField(meta: FieldMeta, admin: AdminField): void {
  meta.edit = {
    ...meta.edit,
    label: admin.label,
    description: admin.hint ?? '',
    ...(admin.editable === false ? { editable: false } : {}),
    ...(admin.visible === false ? { visible: false } : {}),
  };
  meta.list = { ...meta.list, label: admin.label };
}

function configured(current: ViewConfig, attributes: Record<string, Attr>, list: ListView | undefined): ViewConfig {
  const metadatas = structuredClone(current.metadatas);
  for (const [name, attribute] of Object.entries(attributes)) {
    const meta = metadatas[name];
    if (meta && attribute.admin) applyField(meta, attribute.admin);
  }
  for (const [name, label] of Object.entries(SYSTEM_LABELS)) {
    const meta = metadatas[name];
    if (meta) meta.list = { ...meta.list, label };
  }
  let { settings, layouts } = current;
  if (list) {
    for (const [name, relation] of Object.entries(list.relationLabels ?? {})) {
      const meta = metadatas[name];
      if (!meta) continue;
      meta.list = { ...meta.list, label: relation.label, mainField: relation.mainField };
      meta.edit = { ...meta.edit, mainField: relation.mainField };
    }
    const columns = list.columns.filter((c) => metadatas[c]);
    settings = { ...settings, defaultSortBy: list.sortBy, defaultSortOrder: list.sortOrder };
    layouts = { ...layouts, list: columns };
  }
  return { settings, layouts, metadatas };
}

async function apply(service: ConfigurationService, model: unknown, attributes: Record<string, Attr>, list?: ListView): Promise<void> {
  const current = await service.findConfiguration(model);
  const wanted = configured(current, attributes, list);
  if (JSON.stringify(wanted) !== JSON.stringify({ settings: current.settings, layouts: current.layouts, metadatas: current.metadatas })) {
    await service.updateConfiguration(model, wanted);
  }
}

export async function applyAdminViews(strapi: Core.Strapi): Promise<void> {
  const types = contentManagerService(strapi, 'content-types');
  const comps = contentManagerService(strapi, 'components');
  for (const type of contentTypes) await apply(types, types.findContentType(type.uid), type.attributes, LIST_VIEWS[type.uid]);
  for (const component of components) await apply(comps, comps.findComponent(component.uid), component.attributes);
}
