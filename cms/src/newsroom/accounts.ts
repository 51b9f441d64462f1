/**
 * The newsroom's accounts: the first user of each role from the environment at first start (like
 * the first admin), and Vietnamese as every account's admin language unless it chose another.
 *
 *   REPORTER_EMAIL / REPORTER_PASSWORD              → Phóng viên
 *   SECTION_EDITOR_EMAIL / SECTION_EDITOR_PASSWORD  → Biên tập viên
 *   CHIEF_EDITOR_EMAIL / CHIEF_EDITOR_PASSWORD      → Tổng biên tập
 *   (optional *_NAME: "Họ Tên", shown in the publication log)
 */
import type { Core } from '@strapi/strapi';
import { NEWSROOM_ROLES, type NewsroomRole } from './roles';
import { adminService } from '../strapi-services';

export const ADMIN_LANGUAGE = 'vi';

const ENV_PREFIX: Record<NewsroomRole, string> = { reporter: 'REPORTER', editor: 'SECTION_EDITOR', chief: 'CHIEF_EDITOR' };

/** Creates each role's first user named in the environment, once (an existing email is left alone). */
export async function ensureNewsroomUsers(strapi: Core.Strapi, roleIds: Record<NewsroomRole, number>): Promise<void> {
  const users = adminService(strapi, 'admin::user');
  for (const role of Object.keys(NEWSROOM_ROLES) as NewsroomRole[]) {
    const prefix = ENV_PREFIX[role];
    const email = process.env[`${prefix}_EMAIL`]?.trim().toLowerCase();
    const password = process.env[`${prefix}_PASSWORD`];
    if (!email || !password) continue;
    if (await users.exists({ email })) continue;
    const [firstname, ...rest] = (process.env[`${prefix}_NAME`] ?? NEWSROOM_ROLES[role].name).trim().split(/\s+/);
    await users.create({
      email,
      password,
      firstname,
      lastname: rest.join(' ') || null,
      registrationToken: null,
      isActive: true,
      roles: [roleIds[role]],
      preferedLanguage: ADMIN_LANGUAGE,
    });
    strapi.log.info(`[newsroom] created ${NEWSROOM_ROLES[role].name} ${email}`);
  }
}

/**
 * Every account, the first admin included, sees the admin in Vietnamese until it picks another
 * language in its profile: set on accounts created from now on, and on existing ones that never chose.
 */
export async function defaultAdminLanguage(strapi: Core.Strapi): Promise<void> {
  strapi.db.lifecycles.subscribe({
    models: ['admin::user'],
    beforeCreate(event) {
      const data = event.params.data as Record<string, unknown>;
      data.preferedLanguage ??= ADMIN_LANGUAGE;
    },
  });
  await strapi.db.query('admin::user').updateMany({ where: { preferedLanguage: null }, data: { preferedLanguage: ADMIN_LANGUAGE } });
}
