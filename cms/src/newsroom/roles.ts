/**
 * The newsroom's roles, in Vietnamese, created and set again at every start (Strapi's RBAC
 * enforces them on the server; the admin only hides what a role cannot do):
 * - Phóng viên (reporter): writes and edits their own articles and uploads, sends them for
 *   review; cannot publish, unpublish or delete.
 * - Biên tập viên (section editor): edits and publishes any article, moderates comments, runs
 *   polls and weather notes, reads the publication log.
 * - Tổng biên tập (editor-in-chief): all content, categories and tags, and the newsroom's users.
 * No role may write the publication log: the CMS writes it (see publication-log.ts). Strapi's
 * stock Editor and Author roles are removed while unused (retireStockRoles).
 */
import type { Core } from '@strapi/strapi';
import { adminService } from '../strapi-services';

export const NEWSROOM_ROLES = {
  reporter: { code: 'tt-phong-vien', name: 'Phóng viên', description: 'Viết và sửa bài của mình, gửi duyệt; không đăng, gỡ hay xóa bài' },
  editor: { code: 'tt-bien-tap-vien', name: 'Biên tập viên', description: 'Sửa và đăng mọi bài, duyệt bình luận, quản lý thăm dò và thời tiết' },
  chief: { code: 'tt-tong-bien-tap', name: 'Tổng biên tập', description: 'Toàn quyền nội dung, chuyên mục, thẻ và tài khoản tòa soạn' },
} as const;
export type NewsroomRole = keyof typeof NEWSROOM_ROLES;
/** Strapi's own role above the newsroom. */
export const SUPER_ADMIN_CODE = 'strapi-super-admin';

const CM = 'plugin::content-manager.explorer';
const ARTICLE = 'api::article.article';
const LOG = 'api::publication-log.publication-log';
const IS_CREATOR = 'admin::is-creator';

interface PermissionSpec {
  action: string;
  subject?: string;
  conditions?: string[];
}

const content = (subject: string, verbs: string[], conditions: string[] = []): PermissionSpec[] =>
  verbs.map((verb) => ({ action: `${CM}.${verb}`, subject, conditions }));

const ALL = ['create', 'read', 'update', 'delete', 'publish'];
const uploads = (ownOnly: boolean): PermissionSpec[] => {
  const conditions = ownOnly ? [IS_CREATOR] : [];
  return [
    { action: 'plugin::upload.read', conditions },
    { action: 'plugin::upload.configure-view' },
    { action: 'plugin::upload.assets.create' },
    { action: 'plugin::upload.assets.update', conditions },
    { action: 'plugin::upload.assets.download' },
    { action: 'plugin::upload.assets.copy-link' },
  ];
};

const CRUD = ['create', 'read', 'update', 'delete'];
/** What every editor's desk does: any article, comments, polls, weather notes, the log, uploads. */
const DESK: PermissionSpec[] = [
  ...content(ARTICLE, ALL),
  ...content('api::comment.comment', ['read', 'update', 'delete']),
  ...content('api::poll.poll', ALL),
  ...content('api::weather-note.weather-note', CRUD),
  ...content(LOG, ['read']),
  ...uploads(false),
];

const PERMISSIONS: Record<NewsroomRole, PermissionSpec[]> = {
  reporter: [
    ...content(ARTICLE, ['create']),
    ...content(ARTICLE, ['read', 'update'], [IS_CREATOR]),
    ...content('api::category.category', ['read']),
    ...content('api::tag.tag', ['read']),
    ...uploads(true),
  ],
  editor: [...DESK, ...content('api::category.category', ['read']), ...content('api::tag.tag', ['read'])],
  chief: [
    ...DESK,
    ...content('api::category.category', CRUD),
    ...content('api::tag.tag', CRUD),
    ...CRUD.map((verb) => ({ action: `admin::users.${verb}` })),
    { action: 'admin::roles.read' },
  ],
};

/** A permission on every field of its content type (the RBAC default is none for field-scoped actions). */
function withFields(strapi: Core.Strapi, spec: PermissionSpec) {
  const model = spec.subject ? strapi.contentTypes[spec.subject as keyof typeof strapi.contentTypes] : undefined;
  const fieldScoped = spec.subject && ['create', 'read', 'update'].some((verb) => spec.action === `${CM}.${verb}`);
  const contentTypes = adminService(strapi, 'admin::content-type');
  const fields = fieldScoped && model ? contentTypes.getNestedFields(model, { components: strapi.components }) : undefined;
  return { action: spec.action, subject: spec.subject ?? null, conditions: spec.conditions ?? [], properties: fields ? { fields } : {} };
}

/** Creates the three roles when missing and sets their permissions to the ones above. */
export async function ensureNewsroomRoles(strapi: Core.Strapi): Promise<Record<NewsroomRole, number>> {
  const roles = adminService(strapi, 'admin::role');
  const ids = {} as Record<NewsroomRole, number>;
  for (const [key, def] of Object.entries(NEWSROOM_ROLES) as Array<[NewsroomRole, (typeof NEWSROOM_ROLES)[NewsroomRole]]>) {
    const found = await roles.findOne({ code: def.code });
    const role = found ? await roles.update({ id: found.id }, { name: def.name, description: def.description }) : await roles.create({ ...def });
    await roles.assignPermissions(
      role.id,
      PERMISSIONS[key].map((spec) => withFields(strapi, spec)),
    );
    ids[key] = role.id;
  }
  return ids;
}

/**
 * Strapi's stock roles, in English beside the newsroom's: its Author publishes its own stories
 * with no review, a trap in the role picker. Removed while nobody holds them (an account that
 * does keeps its role; the log says so). Strapi creates them only in a database with no roles.
 */
const STOCK_ROLE_CODES = ['strapi-editor', 'strapi-author'];

export async function retireStockRoles(strapi: Core.Strapi): Promise<void> {
  const roles = adminService(strapi, 'admin::role');
  for (const code of STOCK_ROLE_CODES) {
    const role = await roles.findOne({ code });
    if (!role) continue;
    const holders = await roles.getUsersCount(role.id);
    if (holders > 0) strapi.log.warn(`[newsroom] Strapi's stock role ${code} is kept: ${holders} account(s) hold it`);
    else await roles.deleteByIds([role.id]);
  }
}
