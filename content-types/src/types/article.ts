import { attr, defineContentType, labelled } from '../define.js';
import { SLUG_PATTERN, SLUG_MAX_LENGTH } from '../slug.js';
import { category } from './category.js';
import { tag } from './tag.js';

export const ARTICLE_TITLE_MAX = 250;

/**
 * Where a story stands in review: a reporter sends a draft ("Chờ duyệt"), an editor approves it
 * (publishing approves too) or returns it with a note. Kept from the public API.
 */
export const REVIEW_STATES = ['Nháp', 'Chờ duyệt', 'Đã duyệt', 'Trả lại'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
export const REVIEW_WAITING: ReviewState = 'Chờ duyệt';

/** A news article as on the seed page: header, title, dateline, cover + caption, body, byline. */
export const article = defineContentType({
  singularName: 'article',
  pluralName: 'articles',
  displayName: 'Bài viết',
  description: 'Tin bài: tiêu đề, sapo, nội dung Markdown, ảnh đại diện, tác giả',
  draftAndPublish: true,
  attributes: {
    title: labelled('Tiêu đề', attr.string({ required: true, maxLength: ARTICLE_TITLE_MAX })),
    slug: labelled('Đường dẫn', attr.uid({ targetField: 'title', required: true, maxLength: SLUG_MAX_LENGTH, regex: SLUG_PATTERN.source }), {
      hint: 'Tạo từ tiêu đề. Đổi đường dẫn của bài đã đăng: đường dẫn cũ tự chuyển sang đường dẫn mới.',
    }),
    lead: labelled('Sapo', attr.text({ maxLength: 1000 }), { hint: 'Đoạn mở đầu in đậm dưới tiêu đề' }),
    body: labelled('Nội dung', attr.markdown()),
    cover: labelled('Ảnh đại diện', attr.image()),
    coverCaption: labelled('Chú thích ảnh', attr.string({ maxLength: 255 })),
    byline: labelled('Bút danh', attr.string({ maxLength: 120 }), { hint: 'Ví dụ: Tin, ảnh: N.Q' }),
    category: labelled(
      'Chuyên mục',
      attr.belongsTo(category.uid, () => category.linkSchema, { required: true }),
    ),
    tags: labelled(
      'Thẻ',
      attr.manyToMany(tag.uid, () => tag.linkSchema),
    ),
    featured: labelled('Tin nổi bật', attr.boolean({ default: false }), { hint: 'Đưa lên đầu trang chủ' }),
    /**
     * The dateline readers see. Kept apart from Strapi's publishedAt, which is rewritten at every
     * publish: a correction must not make an old story look new. Filled at first publish when empty.
     */
    datePublished: labelled('Ngày đăng', attr.datetime(), { hint: 'Để trống: lấy thời điểm đăng lần đầu. Đăng lại không đổi ngày này.' }),
    /**
     * Publish this draft by itself at that time (checked every minute, Asia/Ho_Chi_Minh); cleared
     * once published.
     */
    scheduledAt: labelled('Lịch đăng', attr.datetime(), { hint: 'Bài nháp tự đăng vào giờ này (giờ Việt Nam)' }),
    /**
     * "Đính chính": what a corrected story got wrong, shown to readers under the body and in the
     * feed. Editors write it and republish; the dateline stays, the correction date is the CMS's.
     */
    correction: labelled('Đính chính', attr.text({ maxLength: 1000 }), { hint: 'Ghi rõ điều đã sai và đã sửa; hiện dưới bài sau khi đăng lại' }),
    /** When the correction note last changed on the site: set by the CMS at publish, never by editors. */
    correctedAt: labelled('Ngày đính chính', attr.datetime(), { editable: false, hint: 'Hệ thống ghi khi đăng lại với nội dung đính chính mới' }),
    seoTitle: labelled('Tiêu đề SEO', attr.string({ maxLength: 70 }), { hint: 'Tiêu đề trên Google; để trống: dùng tiêu đề bài' }),
    reviewState: labelled('Trạng thái duyệt', attr.privateEnumeration(REVIEW_STATES, { default: 'Nháp' }), {
      hint: 'Phóng viên gửi duyệt; biên tập viên duyệt hoặc trả lại kèm ghi chú',
    }),
    reviewNote: labelled('Ghi chú duyệt', attr.text({ maxLength: 1000, private: true }), { hint: 'Lý do trả lại, việc cần sửa' }),
    seoDescription: labelled('Mô tả SEO', attr.text({ maxLength: 160 }), { hint: 'Mô tả trên Google; để trống: dùng sapo' }),
    searchText: labelled('Nội dung tìm kiếm', attr.searchText(), { editable: false, visible: false }),
  },
  indexes: [{ name: 'articles_slug_idx', columns: ['slug'] }],
  // Editors search by what they remember of a story: its title, lead, byline or address. The
  // body is the readers' search's (the site's index): scanning it on every keystroke in the
  // admin would take seconds at 200,000 articles.
  adminSearch: { field: 'searchText', from: ['title', 'lead', 'byline', 'slug'] },
});

/**
 * The newsroom's bookkeeping on a story, not the story: review, schedule, the correction date
 * the CMS sets, the admin's search column. Every other field is what readers get, so changing one of those after approval
 * changes something the editor did not approve (cms/src/newsroom/approval.ts).
 */
export const ARTICLE_WORKFLOW_FIELDS = ['reviewState', 'reviewNote', 'scheduledAt', 'correctedAt', 'searchText'] as const;
const workflow: ReadonlySet<string> = new Set(ARTICLE_WORKFLOW_FIELDS);
export const ARTICLE_READER_FIELDS: readonly string[] = Object.keys(article.attributes).filter((name) => !workflow.has(name));
