import type { Core } from '@strapi/strapi';

/** Creates the first super admin from ADMIN_EMAIL / ADMIN_PASSWORD when there is no admin yet. */
export async function ensureFirstAdmin(strapi: Core.Strapi) {
  const email = process.env.ADMIN_EMAIL;
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password) return;
  const users = strapi.service('admin::user');
  if (await users.exists()) return;
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  if (!superAdmin) throw new Error('the Super Admin role is missing');
  await users.create({
    email,
    password,
    firstname: process.env.ADMIN_FIRSTNAME ?? 'Ban',
    lastname: process.env.ADMIN_LASTNAME ?? 'Biên tập',
    registrationToken: null,
    isActive: true,
    roles: [superAdmin.id],
  });
  strapi.log.info(`[admin] created the first administrator ${email}`);
}
