import { attr, defineContentType, labelled } from '../define.js';
import { SLUG_PATTERN, SLUG_MAX_LENGTH } from '../slug.js';

export const tag = defineContentType({
  singularName: 'tag',
  pluralName: 'tags',
  displayName: 'Thẻ',
  description: 'Thẻ chủ đề gắn với bài viết',
  draftAndPublish: false,
  attributes: {
    name: labelled('Tên thẻ', attr.string({ required: true, maxLength: 80 })),
    slug: labelled('Đường dẫn', attr.uid({ targetField: 'name', required: true, maxLength: SLUG_MAX_LENGTH, regex: SLUG_PATTERN.source })),
  },
  indexes: [{ name: 'tags_slug_idx', columns: ['slug'] }],
});
