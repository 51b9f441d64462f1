import { attr, defineContentType, labelled } from '../define.js';

/** "THÔNG TIN CẦN BIẾT": the newest note still valid is the one readers see. */
export const weatherNote = defineContentType({
  singularName: 'weather-note',
  pluralName: 'weather-notes',
  displayName: 'Thông tin thời tiết',
  description: 'Bản tin thời tiết cho hộp THÔNG TIN CẦN BIẾT',
  draftAndPublish: false,
  attributes: {
    region: labelled('Khu vực', attr.string({ required: true, maxLength: 120 })),
    forecast: labelled('Dự báo', attr.text({ required: true, maxLength: 2000 })),
    issuedAt: labelled('Phát hành lúc', attr.datetime({ required: true })),
    validUntil: labelled('Có hiệu lực đến', attr.datetime({ required: true })),
  },
});
