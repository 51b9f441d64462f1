import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::weather-note.weather-note');
