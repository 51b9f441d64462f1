import { factories } from '@strapi/strapi';
import type { PublicReadConfig } from './middlewares/public-read';

type ContentTypeUID = Parameters<typeof factories.createCoreRouter>[0];

/**
 * A core router whose read routes pass through the public-read guard. Write routes keep Strapi's
 * permission check: nobody outside the admin holds create/update/delete on these types.
 */
export function guardedCoreRouter(uid: ContentTypeUID, read: PublicReadConfig = {}) {
  const guard = [{ name: 'global::public-read', config: read }];
  return factories.createCoreRouter(uid, {
    config: {
      find: { middlewares: guard },
      findOne: { middlewares: guard },
    },
  });
}
