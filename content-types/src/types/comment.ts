import { attr, defineContentType, labelled } from '../define.js';
import { article } from './article.js';

export const COMMENT_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];
export const COMMENT_NAME_MAX = 60;
export const COMMENT_BODY_MAX = 2000;

/**
 * A reader comment ("Viết bình luận mới"). Plain text only; `moderationStatus` rather than
 * `status`, which Strapi 5 reserves for draft & publish.
 */
export const comment = defineContentType({
  singularName: 'comment',
  pluralName: 'comments',
  displayName: 'Bình luận',
  description: 'Bình luận của bạn đọc, chờ biên tập viên duyệt',
  draftAndPublish: false,
  attributes: {
    article: labelled(
      'Bài viết',
      attr.belongsTo(article.uid, () => article.entrySchema.pick({ documentId: true, title: true, slug: true }), { required: true }),
    ),
    authorName: labelled('Người gửi', attr.string({ required: true, maxLength: COMMENT_NAME_MAX })),
    body: labelled('Nội dung', attr.text({ required: true, maxLength: COMMENT_BODY_MAX })),
    moderationStatus: labelled('Trạng thái duyệt', attr.enumeration(COMMENT_STATUSES, { default: 'pending', required: true })),
    /** Salted hash of the reader's IP: enough to spot abuse, never the address itself. */
    ipHash: attr.string({ private: true, maxLength: 128 }),
  },
});
