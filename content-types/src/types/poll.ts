import { z } from 'zod';
import { attr, defineComponent, defineContentType } from '../define.js';

export const POLL_MIN_OPTIONS = 2;
export const POLL_MAX_OPTIONS = 10;

export const pollOption = defineComponent({
  category: 'poll',
  name: 'option',
  displayName: 'Phương án',
  attributes: {
    label: attr.string({ required: true, maxLength: 200 }),
    /**
     * Stable identity of the option across drafts and publications (component row ids change at
     * every publish); votes are recorded against it. Filled by the CMS, hidden from editors.
     */
    key: attr.string({ maxLength: 32 }),
    // Counted by the server only; editors see it but the edit view keeps it read-only.
    votes: attr.integer({ min: 0, default: 0 }),
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
    question: attr.string({ required: true, maxLength: 255 }),
    options: attr.repeatable(pollOption, pollOption.itemSchema.extend({ votes: z.number().int().min(0).nullable() }), {
      min: POLL_MIN_OPTIONS,
      max: POLL_MAX_OPTIONS,
      required: true,
    }),
    opensAt: attr.datetime(),
    closesAt: attr.datetime(),
    /** The editors' choice of the poll shown in the sidebar: the newest one with this flag. */
    showInSidebar: attr.boolean({ default: false }),
  },
});
