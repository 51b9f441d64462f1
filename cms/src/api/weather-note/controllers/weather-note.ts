import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::weather-note.weather-note');
