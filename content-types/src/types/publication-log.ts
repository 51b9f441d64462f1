import { type Attr, attr, defineContentType, labelled } from '../define.js';

/** What the log records: the acts that change what readers see, or will see. */
export const PUBLICATION_ACTIONS = ['Đăng', 'Gỡ', 'Xóa', 'Hẹn giờ', 'Đính chính'] as const;
export type PublicationAction = (typeof PUBLICATION_ACTIONS)[number];

/**
 * The publication log: who published, unpublished, deleted, scheduled or corrected which story,
 * when, with its title before and after. Written only by the CMS itself; every role reads it
 * newest first and none can change it (the CMS refuses writes through the Document Service).
 */
/** Every field is the CMS's to write: shown, never editable. */
const shown = <A extends Attr>(label: string, a: A) => labelled(label, a, { editable: false });

export const publicationLog = defineContentType({
  singularName: 'publication-log',
  pluralName: 'publication-logs',
  displayName: 'Nhật ký xuất bản',
  description: 'Ai đăng, gỡ, xóa, hẹn giờ hay đính chính bài nào, lúc nào (chỉ đọc)',
  draftAndPublish: false,
  attributes: {
    action: shown('Thao tác', attr.enumeration(PUBLICATION_ACTIONS, { default: 'Đăng', required: true })),
    articleDocumentId: shown('Mã bài viết', attr.string({ required: true, maxLength: 40 })),
    titleBefore: shown('Tiêu đề trước', attr.string({ maxLength: 255 })),
    titleAfter: shown('Tiêu đề sau', attr.string({ maxLength: 255 })),
    editorName: shown('Người thực hiện', attr.string({ required: true, maxLength: 255 })),
    editorEmail: shown('Email', attr.string({ maxLength: 255 })),
    at: shown('Thời điểm', attr.datetime({ required: true })),
    detail: shown('Chi tiết', attr.text({ maxLength: 2000 })),
  },
  indexes: [{ name: 'publication_logs_at_idx', columns: ['at'] }],
});
