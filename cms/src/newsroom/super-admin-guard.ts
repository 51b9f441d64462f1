/**
 * Keeps the super admin above the newsroom. The editor-in-chief manages the newsroom's users
 * (admin::users.*), and Strapi lets whoever holds those permissions set any role and any field of
 * any account: a Tổng biên tập could make themselves Super Admin, or change the super admin's
 * password or email and take the account over. Only a super admin may grant the Super Admin
 * role or change, deactivate or delete a super admin's account.
 *
 * Checked on the admin user table's own lifecycle, so every route (create, update, delete, batch
 * delete, and any added later) passes through it; the CMS's own writes (bootstrap, login, an
 * invitation being accepted) have no admin user behind them and pass.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { currentActor } from './actor';
import { SUPER_ADMIN_CODE } from './roles';

const USER = 'admin::user';

type Where = Record<string, unknown>;

const roleRef = z.union([z.coerce.number().int(), z.object({ id: z.coerce.number().int() }).transform((r) => r.id)]);
/**
 * The role ids a write sets: a list of ids (or of { id }), or a relation's connect/set. A shape
 * this does not know fails to parse and is refused rather than guessed at.
 */
const roleWrite = z.union([
  z.array(roleRef),
  z.object({ connect: z.array(roleRef).default([]), set: z.array(roleRef).default([]) }).transform((r) => [...r.connect, ...r.set]),
]);

async function superAdminRoleId(strapi: Core.Strapi): Promise<number | null> {
  const role = (await strapi.db.query('admin::role').findOne({ where: { code: SUPER_ADMIN_CODE }, select: ['id'] })) as { id: number } | null;
  return role?.id ?? null;
}

/** Whether any account `where` selects is a super admin. */
async function touchesSuperAdmin(strapi: Core.Strapi, where: Where | undefined): Promise<boolean> {
  if (!where) return true;
  const users = (await strapi.db.query(USER).findMany({ where, populate: ['roles'] })) as Array<{ roles?: Array<{ code?: string }> }>;
  return users.some((u) => u.roles?.some((r) => r.code === SUPER_ADMIN_CODE));
}

/** Throws unless the request has no admin user behind it or comes from a super admin. */
async function requireSuperAdminFor(strapi: Core.Strapi, what: () => Promise<string | null>): Promise<void> {
  const actor = await currentActor(strapi);
  if (actor.id === null || actor.roleCodes.includes(SUPER_ADMIN_CODE)) return;
  const refused = await what();
  if (refused) throw new errors.ForbiddenError(refused);
}

async function grantsSuperAdmin(strapi: Core.Strapi, data: Record<string, unknown> | undefined): Promise<boolean> {
  if (!data || !('roles' in data)) return false;
  const ids = roleWrite.safeParse(data.roles);
  if (!ids.success) return true;
  const superId = await superAdminRoleId(strapi);
  return superId !== null && ids.data.includes(superId);
}

const GRANT = 'Chỉ Super Admin mới cấp được quyền Super Admin.';
const TOUCH = 'Chỉ Super Admin mới sửa, khóa hay xóa được tài khoản Super Admin.';

type Params = { where?: Where; data?: Record<string, unknown> };

export function guardSuperAdmins(strapi: Core.Strapi): void {
  const create = ({ data }: Params) => requireSuperAdminFor(strapi, async () => ((await grantsSuperAdmin(strapi, data)) ? GRANT : null));
  const update = ({ where, data }: Params) =>
    requireSuperAdminFor(strapi, async () => ((await touchesSuperAdmin(strapi, where)) ? TOUCH : (await grantsSuperAdmin(strapi, data)) ? GRANT : null));
  const remove = ({ where }: Params) => requireSuperAdminFor(strapi, async () => ((await touchesSuperAdmin(strapi, where)) ? TOUCH : null));
  strapi.db.lifecycles.subscribe({
    models: [USER],
    beforeCreate: (event) => create(event.params as Params),
    beforeUpdate: (event) => update(event.params as Params),
    beforeUpdateMany: (event) => update(event.params as Params),
    beforeDelete: (event) => remove(event.params as Params),
    beforeDeleteMany: (event) => remove(event.params as Params),
  });
}
