/**
 * Who may read a draft: whoever the content manager would show it to (the role's read permission,
 * with its "own articles only" condition). Asked where Strapi does not ask itself:
 * - the preview-URL route only checks that the caller is signed in (a "TODO: Permissions to
 *   preview content" in Strapi 5.54), so a reporter could get a signed link to any draft;
 * - `clone` checks `create` on the target type and never `read` on the source, so a reporter
 *   could copy a colleague's draft and read the copy.
 */
import type { Core, UID } from '@strapi/strapi';
import { contentManagerService } from '../strapi-services';

/** False without a signed-in admin user behind the request. */
export async function mayReadDraft(strapi: Core.Strapi, uid: UID.ContentType, documentId: string): Promise<boolean> {
  const userAbility: unknown = strapi.requestContext.get()?.state?.userAbility;
  if (!userAbility) return false;
  const checker = contentManagerService(strapi, 'permission-checker').create({ userAbility, model: uid });
  // The draft (a type without drafts keeps one version) with its author: "own articles only" is a
  // condition on createdBy.
  const drafts = strapi.contentType(uid)?.options?.draftAndPublish === true;
  const where = drafts ? { documentId, publishedAt: null } : { documentId };
  const draft: object | null = await strapi.db.query(uid).findOne({ where, populate: ['createdBy'] });
  return draft !== null && !checker.cannot.read(draft);
}
