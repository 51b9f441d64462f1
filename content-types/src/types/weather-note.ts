import { attr, defineContentType } from '../define.js';

/** "THÔNG TIN CẦN BIẾT": the newest note still valid is the one readers see. */
export const weatherNote = defineContentType({
  singularName: 'weather-note',
  pluralName: 'weather-notes',
  displayName: 'Thông tin thời tiết',
  description: 'Bản tin thời tiết cho hộp THÔNG TIN CẦN BIẾT',
  draftAndPublish: false,
  attributes: {
    region: attr.string({ required: true, maxLength: 120 }),
    forecast: attr.text({ required: true, maxLength: 2000 }),
    issuedAt: attr.datetime({ required: true }),
    validUntil: attr.datetime({ required: true }),
  },
});
