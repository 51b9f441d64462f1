/**
 * Strapi's Vietnamese translation leaves the screens a newsroom uses most partly in English: the
 * content manager's list and edit view. These fill the gaps, in the admin's "vi" locale.
 */
export const newsroomVietnamese: Record<string, string> = {
  'content-manager.header.name': 'Quản lý nội dung',
  'content-manager.plugin.name': 'Quản lý nội dung',
  'content-manager.HeaderLayout.button.label-add-entry': 'Tạo mới',
  'content-manager.pages.ListView.header-subtitle': '{number} mục',
  'content-manager.components.LeftMenu.collection-types': 'Loại nội dung',
  'content-manager.components.LeftMenu.single-types': 'Nội dung đơn',
  'content-manager.components.LeftMenu.Search.label': 'Tìm loại nội dung',
  'content-manager.containers.List.draft': 'Nháp',
  'content-manager.containers.List.published': 'Đã đăng',
  'content-manager.containers.List.modified': 'Đã sửa sau khi đăng',
  'content-manager.containers.list.filters.status': 'Trạng thái',
  'content-manager.containers.list.table.row-actions': 'Thao tác',
  'content-manager.containers.edit.panels.default.title': 'Bài viết',
  'content-manager.containers.edit.panels.default.more-actions': 'Thao tác khác',
  'content-manager.components.Select.draft-info-title': 'Nháp',
  'content-manager.components.Select.publish-info-title': 'Đã đăng',
  'content-manager.relation.publicationState.draft': 'Nháp',
  'content-manager.relation.publicationState.published': 'Đã đăng',
  'content-manager.preview.panel.title': 'Xem trước',
  'content-manager.preview.panel.button': 'Mở bản xem trước',
  'content-manager.actions.discard.label': 'Bỏ các thay đổi',
  'content-manager.actions.clone.label': 'Nhân bản',
  'content-manager.actions.edit.label': 'Sửa',
  'content-manager.success.record.publish': 'Đã xuất bản',
  'content-manager.success.record.publishing': 'Đang xuất bản…',
  'content-manager.success.record.unpublish': 'Đã gỡ xuất bản',
  'app.components.MediaLibraryBanner.intro': 'Thư viện ảnh đã được làm mới. ',
  'app.components.MediaLibraryBanner.button.enabled': 'Xem giới thiệu',
};
