/**
 * The content manager's relation pickers (`/content-manager/relations/:model/…/:targetField`)
 * check the caller's read permission on that field, but on refusal Strapi 5.54 returns
 * `ctx.forbidden()` from a helper whose caller then destructures it: a 500 instead of a 403
 * (a reporter asking for a comment's article, say). The same check, made first, answers 403.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { contentManagerService } from '../strapi-services';

interface PolicyContext {
  state: { userAbility?: unknown };
  params?: Record<string, string | undefined>;
}

export default (ctx: PolicyContext, _config: unknown, { strapi }: { strapi: Core.Strapi }): boolean => {
  const { model, targetField } = ctx.params ?? {};
  // Unknown models and components are the controller's to answer (400, or its own component check).
  if (!model || strapi.getModel(model as UID.Schema)?.modelType !== 'contentType') return true;
  const checker = contentManagerService(strapi, 'permission-checker').create({
    userAbility: ctx.state.userAbility,
    model,
  });
  if (checker.cannot.read(null, targetField)) throw new errors.ForbiddenError('Bạn không có quyền xem trường liên kết này.');
  return true;
};
