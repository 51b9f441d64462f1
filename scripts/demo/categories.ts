/** The portal's eight sections, in menu order. */
export const demoCategories = [
  { name: 'Hoạt động lãnh đạo', description: 'Hoạt động của lãnh đạo Tỉnh ủy, HĐND, UBND tỉnh' },
  { name: 'Chính trị', description: 'Xây dựng Đảng, chính quyền và hệ thống chính trị' },
  { name: 'Kinh tế', description: 'Đầu tư, sản xuất, kinh doanh, thị trường' },
  { name: 'Nông nghiệp - Nông thôn', description: 'Lúa, tôm, muối và xây dựng nông thôn mới' },
  { name: 'Xã hội', description: 'Đời sống, an sinh, y tế, lao động việc làm' },
  { name: 'Giáo dục', description: 'Trường lớp, thi cử, khuyến học' },
  { name: 'Văn hóa - Du lịch', description: 'Đờn ca tài tử, lễ hội, điểm đến Bạc Liêu' },
  { name: 'Thể thao', description: 'Phong trào và thi đấu thể thao' },
] as const;
