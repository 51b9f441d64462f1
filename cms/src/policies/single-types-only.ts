/**
 * The content manager's single-type routes (`/content-manager/single-types/:model…`) take any
 * model: given a collection type, Strapi 5.54 acts on its first entry, so an editor's GET, PUT,
 * DELETE or publish there reads, overwrites, deletes or publishes whichever story comes first
 * (the demo's unreviewed draft went live that way). The newsroom's model has no single types:
 * anything else is answered 404.
 */
import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';

interface PolicyContext {
  params?: Record<string, string | undefined>;
}

export default (ctx: PolicyContext, _config: unknown, { strapi }: { strapi: Core.Strapi }): boolean => {
  const model = ctx.params?.model;
  const type = model ? strapi.getModel(model as UID.Schema) : undefined;
  // Typed as a collection here: the model has no single type for Strapi's types to know of.
  const kind: string | undefined = type?.modelType === 'contentType' ? type.kind : undefined;
  if (kind !== 'singleType') throw new errors.NotFoundError('Không có loại nội dung đơn này.');
  return true;
};
