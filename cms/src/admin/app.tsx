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

/** Where Strapi's admin keeps the interface language of this browser. */
const ADMIN_LANGUAGE_KEY = 'strapi-admin-language';

export default {
  config: {
    // The newsroom works in Vietnamese (every account's default, see cms/src/newsroom/accounts.ts);
    // English stays available in each profile.
    locales: ['vi'],
    translations: { vi: newsroomVietnamese },
  },
  register() {
    // The login page comes before any account's language is known, and Strapi's fallback is
    // English: Vietnamese unless this browser already chose (an account's language, once read,
    // replaces it as before).
    if (window.localStorage.getItem(ADMIN_LANGUAGE_KEY) === null) window.localStorage.setItem(ADMIN_LANGUAGE_KEY, 'vi');
  },
  bootstrap(app: StrapiApp) {
    const contentManager = app.getPlugin('content-manager') as unknown as ContentManagerPlugin;
    contentManager.apis.addBulkAction((actions) => [...actions, ...commentBulkActions]);
    contentManager.apis.addDocumentAction((actions) => [...actions, SendForReview]);
    contentManager.injectComponent('listView', 'actions', { name: 'tt-review-queue', Component: ReviewQueueCount });
  },
};
