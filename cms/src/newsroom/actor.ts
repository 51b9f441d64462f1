/**
 * Who is acting in this request: the signed-in admin user (name, email, role codes), or the CMS
 * itself (scheduled publishing, scripts) when no admin user is behind the call.
 */
import type { Core } from '@strapi/strapi';

export interface Actor {
  id: number | null;
  name: string;
  email: string | null;
  roleCodes: string[];
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'Hệ thống', email: null, roleCodes: [] };

interface AdminUser {
  id: number;
  email?: string;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  roles?: Array<{ code?: string }>;
}

const isAdminUser = (user: unknown): user is AdminUser =>
  typeof user === 'object' && user !== null && typeof (user as AdminUser).id === 'number' && typeof (user as AdminUser).email === 'string';

export async function currentActor(strapi: Core.Strapi): Promise<Actor> {
  const ctx = strapi.requestContext.get();
  // Admin requests authenticate with the admin strategy; content-API users are not newsroom staff.
  if (ctx?.state?.auth?.strategy?.name !== 'admin') return SYSTEM_ACTOR;
  const user: unknown = ctx.state.user;
  if (!isAdminUser(user)) return SYSTEM_ACTOR;
  let roles = user.roles;
  if (!roles?.every((r) => typeof r.code === 'string')) {
    const found = (await strapi.db.query('admin::user').findOne({ where: { id: user.id }, populate: ['roles'] })) as AdminUser | null;
    roles = found?.roles ?? [];
  }
  const name = [user.firstname, user.lastname].filter(Boolean).join(' ') || user.username || user.email!;
  return { id: user.id, name, email: user.email ?? null, roleCodes: roles.map((r) => r.code ?? '') };
}
