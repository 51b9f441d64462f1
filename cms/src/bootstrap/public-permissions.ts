import type { Core } from '@strapi/strapi';
import { PUBLIC_ROLE_ACTIONS } from '../public-api';

const PERMISSION = 'plugin::users-permissions.permission';
const ROLE = 'plugin::users-permissions.role';

/**
 * Makes the Public role hold exactly PUBLIC_ROLE_ACTIONS, at every start: anything granted by
 * hand in the admin is taken back, so the code stays the single statement of what is public.
 * The Authenticated role holds nothing: readers have no accounts, and registration is closed.
 */
export async function enforceRolePermissions(strapi: Core.Strapi) {
  await syncRole(strapi, 'public', PUBLIC_ROLE_ACTIONS);
  await syncRole(strapi, 'authenticated', []);
  const store = strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' });
  const advanced = ((await store.get()) ?? {}) as Record<string, unknown>;
  if (advanced.allow_register !== false) await store.set({ value: { ...advanced, allow_register: false } });
}

async function syncRole(strapi: Core.Strapi, type: string, wanted: readonly string[]) {
  const role = (await strapi.db.query(ROLE).findOne({ where: { type } })) as { id: number } | null;
  if (!role) throw new Error(`users-permissions role "${type}" is missing`);
  const held = (await strapi.db.query(PERMISSION).findMany({ where: { role: role.id } })) as Array<{ id: number; action: string }>;
  const heldActions = new Set(held.map((p) => p.action));
  const extra = held.filter((p) => !wanted.includes(p.action));
  if (extra.length > 0) {
    await strapi.db.query(PERMISSION).deleteMany({ where: { id: { $in: extra.map((p) => p.id) } } });
    strapi.log.info(`[permissions] ${type}: removed ${extra.map((p) => p.action).join(', ')}`);
  }
  for (const action of wanted) {
    if (!heldActions.has(action)) await strapi.db.query(PERMISSION).create({ data: { action, role: role.id } });
  }
}
