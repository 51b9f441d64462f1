import type { Core } from '@strapi/strapi';

interface FieldMeta {
  edit: Record<string, unknown>;
  list: Record<string, unknown>;
}
interface ComponentConfig {
  settings: unknown;
  layouts: unknown;
  metadatas: Record<string, FieldMeta>;
}
interface ComponentsService {
  findComponent(uid: string): unknown;
  findConfiguration(component: unknown): Promise<ComponentConfig>;
  updateConfiguration(component: unknown, config: Omit<ComponentConfig, never>): Promise<unknown>;
}

/** Poll vote counts are shown to editors but read-only in the edit view: only readers count. */
export async function lockVoteCounts(strapi: Core.Strapi) {
  const components = strapi.plugin('content-manager').service('components') as unknown as ComponentsService;
  const option = components.findComponent('poll.option');
  const config = await components.findConfiguration(option);
  const { votes, key } = config.metadatas;
  if (!votes || !key || (votes.edit.editable === false && key.edit.visible === false)) return;
  votes.edit = { ...votes.edit, editable: false, label: 'Số phiếu', description: 'Do bạn đọc bình chọn; không sửa tay' };
  // The option key is the server's bookkeeping: not shown, not editable.
  key.edit = { ...key.edit, editable: false, visible: false };
  await components.updateConfiguration(option, { settings: config.settings, layouts: config.layouts, metadatas: config.metadatas });
}
