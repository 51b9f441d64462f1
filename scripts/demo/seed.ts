/** The seed page (shared/seed/article-page.txt): the model article of the portal, verbatim. */
export const seedArticle = {
  category: 'Hoạt động lãnh đạo',
  title: 'Cả nước có 5.248.607 đảng viên',
  /** 13/01/2022 16:37 in Asia/Ho_Chi_Minh (UTC+7). */
  datePublished: '2022-01-13T09:37:00.000Z',
  coverCaption: 'Hội nghị tại điểm cầu Bạc Liêu.',
  byline: 'Tin, ảnh: N.Q',
  lead: 'Sáng 13/1, Ban Tổ chức Trung ương tổ chức hội nghị toàn quốc tổng kết công tác tổ chức xây dựng Đảng năm 2021, triển khai nhiệm vụ năm 2022 với 65 điểm cầu.',
  paragraphs: [
    'Sáng 13/1, Ban Tổ chức Trung ương tổ chức hội nghị toàn quốc tổng kết công tác tổ chức xây dựng Đảng năm 2021, triển khai nhiệm vụ năm 2022 với 65 điểm cầu.',
    'Đồng chí Lữ Văn Hùng - Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy chủ trì hội nghị tại điểm cầu Bạc Liêu.',
    'Năm 2021, năm đầu triển khai Nghị quyết Đại hội XIII của Đảng, nghị quyết đại hội đảng bộ các cấp nhiệm kỳ 2020 - 2025, toàn ngành tổ chức xây dựng Đảng đã triển khai toàn diện, đồng bộ, hiệu quả các mặt công tác tổ chức xây dựng Đảng. Tham mưu công tác nhân sự Đại hội XIII của Đảng, đại biểu Quốc hội khóa XV, đại biểu HĐND các cấp; kiện toàn các chức danh lãnh đạo Nhà nước nhiệm kỳ 2016 - 2021 và 2021 - 2026. Tham mưu đẩy mạnh công tác xây dựng, chỉnh đốn Đảng và hệ thống chính trị, đấu tranh ngăn chặn, đẩy lùi suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, “tự chuyển hóa” trong nội bộ với mức độ cao hơn, yêu cầu nghiêm khắc hơn.',
    'Việc kiện toàn, sắp xếp tổ chức bộ máy, tinh giản biên chế, xây dựng vị trí việc làm gắn với nâng cao chất lượng, cơ cấu lại đội ngũ cán bộ, công chức, viên chức đạt được nhiều kết quả quan trọng.',
    'Trong năm, đã kết nạp 56.376 đảng viên, nâng tổng số đảng viên trong cả nước là 5.248.607 đảng viên. Toàn Đảng có 51.900 tổ chức cơ sở đảng.',
    'Đối với Bạc Liêu, Ban Tổ chức Trung ương nhận định địa phương đã những mô hình mới, cách làm sáng tạo. Đó là, Bạc Liêu đã ban hành Quy định về phân cấp quản lý cán bộ và bổ nhiệm, giới thiệu cán bộ ứng cử phù hợp với điều kiện, tình hình thực tế của tỉnh và các quy định của Đảng, Nhà nước; Quy định về việc đánh giá, xếp loại chất lượng hằng tháng đối với công chức, người lao động thuộc cơ quan Ban Tổ chức Tỉnh ủy và thực hiện thí điểm đánh giá, xếp loại chất lượng hằng tháng, quý đối với công chức, người lao động thuộc cơ quan. Theo đó, xác định, quy định cụ thể, rõ ràng về nguyên tắc, thẩm quyền, tiêu chí, quy trình đánh giá xếp loại. Tỉnh cũng đã ban hành quy định, hướng dẫn về trách nhiệm của các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy, Ủy viên Ban Chấp hành Đảng bộ tỉnh dự sinh hoạt với chi bộ khu dân cư được phân công phụ trách, theo dõi và dự sinh hoạt với tổ chức đảng và Nhân dân nơi cư trú.',
    'Sang năm 2022, ngành Tổ chức xây dựng Đảng tập trung tham mưu và tổ chức thực hiện 19 đề án về tổ chức xây dựng Đảng; tham mưu, triển khai, thực hiện tốt các quy định của Bộ Chính trị, Ban Bí thư về công tác cán bộ, khuyến khích, bảo vệ cán bộ năng động, sáng tạo, dám nghĩ, dám làm, luôn nỗ lực hành động vì lợi ích chung. Tham mưu đổi mới, hoàn thiện tổ chức bộ máy và nâng cao hiệu quả hoạt động của hệ thống chính trị. Đồng thời, kiên quyết, kiên trì tham mưu thực hiện đồng bộ 5 nhóm nhiệm vụ, giải pháp trong Kết luận 21 của Ban Chấp hành Trung ương khóa XIII về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị.',
    'Phát biểu chỉ đạo tại hội nghị, đồng chí Trương Thị Mai - Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng Ban Tổ chức Trung ương yêu cầu toàn ngành phải dành sự quan tâm cho 2 vấn đề quan trọng sẽ trình Hội nghị Ban Chấp hành Trung ương trong năm 2022. Đó là vấn đề tổ chức cơ sở đảng và đảng viên trình Hội nghị Trung ương 5 và tổng kết 15 năm thực hiện Nghị quyết Trung ương 5 (khóa X) về đổi mới phương thức lãnh đạo của Đảng đối với hoạt động của hệ thống chính trị sẽ trình Hội nghị Trung ương 6.',
  ],
};

export const seedPollQuestion = 'Theo bạn, điều gì có thể giữ chân và thu hút người tài vào khu vực công?';

export const seedWeatherText =
  'Nhiều mây, có mưa, có nơi mưa vừa, mưa to và rải rác có dông. Gió tây nam cấp 3. Trong cơn dông có khả năng xảy ra lốc, sét và gió giật mạnh.';
