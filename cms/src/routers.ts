/** Core routers for the public content types, their read routes behind the public-read guard. */
import { factories } from '@strapi/strapi';
import type { PublicReadConfig } from './middlewares/public-read';

type ContentTypeUID = Parameters<typeof factories.createCoreRouter>[0];

/** Fields every entry has and readers may page, filter and sort by. */
export const ENTRY_PATHS = ['id', 'documentId', 'createdAt', 'updatedAt'] as const;

/**
 * A core router whose read routes pass through the public-read guard. Write routes keep Strapi's
 * permission check: nobody outside the admin holds create/update/delete on these types.
 */
export function guardedCoreRouter(uid: ContentTypeUID, read: PublicReadConfig) {
  const guard = [{ name: 'global::public-read', config: read }];
  return factories.createCoreRouter(uid, {
    config: {
      find: { middlewares: guard },
      findOne: { middlewares: guard },
    },
  });
}
