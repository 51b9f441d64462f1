import type { StrapiApp } from '@strapi/strapi/admin';

export default {
  config: {
    // The newsroom works in Vietnamese; English stays available.
    locales: ['vi'],
  },
  bootstrap(_app: StrapiApp) {},
};
