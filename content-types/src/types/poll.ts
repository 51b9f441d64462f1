import { z } from 'zod';
import { attr, defineComponent, defineContentType, labelled } from '../define.js';

export const POLL_MIN_OPTIONS = 2;
export const POLL_MAX_OPTIONS = 10;

export const pollOption = defineComponent({
  category: 'poll',
  name: 'option',
  displayName: 'Phương án',
  attributes: {
    label: labelled('Phương án', attr.string({ required: true, maxLength: 200 })),
    /**
     * Stable identity of the option across drafts and publications (component row ids change at
     * every publish); votes are recorded against it. Filled by the CMS, hidden from editors.
     */
    key: labelled('Mã phương án', attr.string({ maxLength: 32 }), { editable: false, visible: false }),
    // Counted by the server only; editors see it but the edit view keeps it read-only.
    votes: labelled('Số phiếu', attr.integer({ min: 0, default: 0 }), { editable: false, hint: 'Do bạn đọc bình chọn; không sửa tay' }),
  },
});

/** "thăm dò ý kiến": one question, 2–10 options. */
export const poll = defineContentType({
  singularName: 'poll',
  pluralName: 'polls',
  displayName: 'Thăm dò ý kiến',
  description: 'Câu hỏi thăm dò ý kiến bạn đọc',
  draftAndPublish: true,
  attributes: {
    question: labelled('Câu hỏi', attr.string({ required: true, maxLength: 255 })),
    options: labelled(
      'Các phương án',
      attr.repeatable(pollOption, pollOption.itemSchema.extend({ votes: z.number().int().min(0).nullable() }), {
        min: POLL_MIN_OPTIONS,
        max: POLL_MAX_OPTIONS,
        required: true,
      }),
    ),
    opensAt: labelled('Mở bình chọn lúc', attr.datetime()),
    closesAt: labelled('Đóng bình chọn lúc', attr.datetime()),
    /** The editors' choice of the poll shown in the sidebar: the newest one with this flag. */
    showInSidebar: labelled('Hiện ở cột phải', attr.boolean({ default: false })),
  },
});
