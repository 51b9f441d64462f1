import { attr, defineContentType, labelled } from '../define.js';
import { SLUG_PATTERN, SLUG_MAX_LENGTH } from '../slug.js';

/** A newsroom section, e.g. "Hoạt động lãnh đạo": a menu entry, a URL segment and a feed. */
export const category = defineContentType({
  singularName: 'category',
  pluralName: 'categories',
  displayName: 'Chuyên mục',
  description: 'Chuyên mục tin: tên, đường dẫn, thứ tự trên menu',
  draftAndPublish: false,
  attributes: {
    name: labelled('Tên chuyên mục', attr.string({ required: true, maxLength: 80 })),
    slug: labelled('Đường dẫn', attr.uid({ targetField: 'name', required: true, maxLength: SLUG_MAX_LENGTH, regex: SLUG_PATTERN.source })),
    menuOrder: labelled('Thứ tự trên menu', attr.integer({ min: 0, default: 0 })),
    description: labelled('Mô tả', attr.text({ maxLength: 500 })),
  },
  indexes: [{ name: 'categories_slug_idx', columns: ['slug'] }],
});
