/**
 * The content manager's draft routes (publish, unpublish, discard and their bulk forms) on a type
 * without drafts: Strapi 5.54 answers `discard` there with a 500 (it looks for a published version
 * a type without drafts does not keep apart). Refused with 400 before the controller.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';

interface PolicyContext {
  params?: Record<string, string | undefined>;
}

export default (ctx: PolicyContext, _config: unknown, { strapi }: { strapi: Core.Strapi }): boolean => {
  const model = ctx.params?.model;
  const type = model ? strapi.getModel(model as UID.Schema) : undefined;
  if (type?.modelType === 'contentType' && !type.options?.draftAndPublish) {
    throw new errors.ValidationError(`${type.info.displayName} không có bản nháp: không đăng, gỡ hay bỏ bản nháp được.`);
  }
  return true;
};
