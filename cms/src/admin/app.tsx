import type { StrapiApp } from '@strapi/strapi/admin';
import { commentBulkActions, type BulkAction } from './comment-moderation';

interface ContentManagerApis {
  addBulkAction(reducer: (actions: BulkAction[]) => BulkAction[]): void;
}

export default {
  config: {
    // The newsroom works in Vietnamese; English stays available.
    locales: ['vi'],
  },
  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager') as unknown as { apis: ContentManagerApis };
    contentManager.apis.addBulkAction((actions) => [...actions, ...commentBulkActions]);
  },
};
