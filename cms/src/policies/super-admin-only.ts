/** Route policy: only a super admin passes (routes Strapi opens to every admin user that the newsroom does not need). */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { currentActor } from '../newsroom/actor';
import { SUPER_ADMIN_CODE } from '../newsroom/roles';

export default async (_ctx: unknown, _config: unknown, { strapi }: { strapi: Core.Strapi }): Promise<boolean> => {
  const actor = await currentActor(strapi);
  if (!actor.roleCodes.includes(SUPER_ADMIN_CODE)) throw new errors.ForbiddenError('Chỉ Super Admin dùng được chức năng này.');
  return true;
};
