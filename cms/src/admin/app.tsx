import type { StrapiApp } from '@strapi/strapi/admin';
import { commentBulkActions, type BulkAction } from './comment-moderation';
import { type DocumentAction, ReviewQueueCount, SendForReview } from './review-queue';
import { newsroomVietnamese } from './vietnamese';

interface ContentManagerPlugin {
  apis: {
    addBulkAction(reducer: (actions: BulkAction[]) => BulkAction[]): void;
    addDocumentAction(reducer: (actions: DocumentAction[]) => DocumentAction[]): void;
  };
  injectComponent(view: 'listView', zone: 'actions', component: { name: string; Component: () => unknown }): void;
}

export default {
  config: {
    // The newsroom works in Vietnamese (every account's default, see cms/src/newsroom/accounts.ts);
    // English stays available in each profile.
    locales: ['vi'],
    translations: { vi: newsroomVietnamese },
  },
  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager') as unknown as ContentManagerPlugin;
    contentManager.apis.addBulkAction((actions) => [...actions, ...commentBulkActions]);
    contentManager.apis.addDocumentAction((actions) => [...actions, SendForReview]);
    contentManager.injectComponent('listView', 'actions', { name: 'tt-review-queue', Component: ReviewQueueCount });
  },
};
