/**
 * Who may open a draft's preview: whoever may read that draft in the admin. Strapi's preview-URL
 * route only checks that the caller is signed in (a "TODO: Permissions to preview content" in
 * Strapi 5.54), so a reporter could get a signed link to any article's draft (the unreleased
 * correction of a published story, say) that the content manager itself refuses to show them.
 */
import type { Core, UID } from '@strapi/strapi';

interface PermissionChecker {
  cannot: { read(entity?: object): boolean };
}
interface PermissionCheckerService {
  create(params: { userAbility: unknown; model: string }): PermissionChecker;
}

export async function mayPreviewDraft(strapi: Core.Strapi, uid: UID.ContentType, documentId: string): Promise<boolean> {
  const userAbility: unknown = strapi.requestContext.get()?.state?.userAbility;
  if (!userAbility) return false;
  const checker = (strapi.plugin('content-manager').service('permission-checker') as unknown as PermissionCheckerService).create({ userAbility, model: uid });
  // The draft with its author: "own articles only" is a condition on createdBy.
  const draft: object | null = await strapi.db.query(uid).findOne({ where: { documentId, publishedAt: null }, populate: ['createdBy'] });
  return draft !== null && !checker.cannot.read(draft);
}
