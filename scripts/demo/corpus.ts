import { demoCategories } from './categories.ts';
import type { ArticleText } from '../lib/article-text.ts';

/**
 * Plausible provincial news, generated deterministically so the demo and the large benchmark
 * corpora are reproducible: same index, same article.
 */
const places = ['thành phố Bạc Liêu', 'thị xã Giá Rai', 'huyện Hồng Dân', 'huyện Phước Long', 'huyện Vĩnh Lợi', 'huyện Hòa Bình', 'huyện Đông Hải'];

const subjects: Record<string, string[]> = {
  'Hoạt động lãnh đạo': [
    'Bí thư Tỉnh ủy làm việc với Đảng ủy {p}',
    'Chủ tịch UBND tỉnh kiểm tra tiến độ dự án tại {p}',
    'Lãnh đạo tỉnh thăm, chúc Tết gia đình chính sách ở {p}',
    'Thường trực Tỉnh ủy nghe báo cáo tình hình kinh tế - xã hội {p}',
  ],
  'Chính trị': [
    'Đảng bộ {p} kết nạp đảng viên mới',
    'Hội nghị sơ kết công tác dân vận tại {p}',
    'HĐND {p} tiếp xúc cử tri trước kỳ họp',
    'Nâng cao chất lượng sinh hoạt chi bộ ở {p}',
  ],
  'Kinh tế': [
    'Doanh nghiệp tại {p} đẩy mạnh xuất khẩu tôm',
    'Thu hút đầu tư điện gió ở {p}',
    'Chợ truyền thống {p} nhộn nhịp mùa cao điểm',
    'Hợp tác xã {p} mở rộng liên kết tiêu thụ',
  ],
  'Nông nghiệp - Nông thôn': [
    'Nông dân {p} trúng mùa lúa Đông Xuân',
    'Mô hình tôm - lúa cho thu nhập cao ở {p}',
    'Diêm dân {p} phấn khởi vì giá muối tăng',
    'Xây dựng nông thôn mới nâng cao tại {p}',
  ],
  'Xã hội': [
    'Trao nhà tình thương cho hộ nghèo ở {p}',
    'Tiêm chủng mở rộng cho trẻ em {p}',
    'Giải quyết việc làm cho lao động nông thôn {p}',
    'Bảo đảm an sinh xã hội dịp Tết ở {p}',
  ],
  'Giáo dục': [
    'Trường học ở {p} sẵn sàng cho năm học mới',
    'Học sinh {p} đạt giải cao kỳ thi chọn học sinh giỏi',
    'Khuyến học, khuyến tài tại {p}',
    'Nâng cao chất lượng dạy học tiếng Anh ở {p}',
  ],
  'Văn hóa - Du lịch': [
    'Đờn ca tài tử Nam Bộ vang lên tại {p}',
    'Lễ hội truyền thống thu hút du khách đến {p}',
    'Phát triển du lịch cộng đồng ở {p}',
    'Gìn giữ di tích lịch sử văn hóa {p}',
  ],
  'Thể thao': [
    'Giải bóng đá thanh niên {p} khởi tranh',
    'Hội thao công nhân viên chức {p}',
    'Vận động viên {p} giành huy chương vàng',
    'Phong trào đua ghe ngo ở {p}',
  ],
};

const bodyParts = [
  'Theo báo cáo, trong thời gian qua, cấp ủy, chính quyền địa phương đã tập trung lãnh đạo, chỉ đạo quyết liệt, đạt nhiều kết quả tích cực.',
  'Người dân địa phương phấn khởi trước những chuyển biến rõ nét, đời sống vật chất và tinh thần từng bước được nâng lên.',
  'Phát biểu tại buổi làm việc, lãnh đạo địa phương đề nghị các ngành chức năng tiếp tục phối hợp chặt chẽ, tháo gỡ khó khăn, vướng mắc.',
  'Dự kiến trong năm tới, địa phương sẽ huy động thêm nguồn lực để thực hiện các công trình trọng điểm, phục vụ nhu cầu của Nhân dân.',
  'Các đại biểu cũng thẳng thắn chỉ ra những hạn chế còn tồn tại và đề xuất nhiều giải pháp thiết thực.',
  'Dịp này, nhiều tập thể và cá nhân có thành tích xuất sắc đã được khen thưởng.',
];

const bylines = ['Tin, ảnh: N.Q', 'Tin, ảnh: Minh Thư', 'Bài, ảnh: Hữu Thọ', 'Tin: Thanh Tâm', 'Bài, ảnh: Trọng Nguyễn', 'Tin, ảnh: Kim Ngân'];
const tags = ['Bạc Liêu', 'Nông thôn mới', 'Chuyển đổi số', 'An sinh xã hội', 'Điện gió', 'Con tôm', 'Du lịch'];

export interface GeneratedArticle extends ArticleText {
  index: number;
  /** Category name (the importer finds or makes it). */
  category: string;
  tags: string[];
}

const pick = <T>(list: readonly T[], n: number): T => list[((n % list.length) + list.length) % list.length]!;

export interface CorpusShape {
  /** Body paragraphs before the closing line (the demo uses 4; archive benchmarks use more). */
  paragraphs?: number;
  /** Minutes between consecutive articles (the demo: 5 hours; a daily paper: ≈15 minutes). */
  spacingMinutes?: number;
  newest?: number;
}

/**
 * The generated corpus's first article number (generate-corpus.ts): numbered after the demo's, so
 * both can live in one database. Its oldest article is number CORPUS_OFFSET + articles - 1.
 */
export const CORPUS_OFFSET = 10_000;

/** The benchmark archive's articles: 16 paragraphs (≈3 KB of Markdown), one every 15 minutes. */
export const ARCHIVE_SHAPE: CorpusShape = { paragraphs: 16, spacingMinutes: 15 };

/** Article number `index` of the generated corpus, dated `index` × spacing before `newest`. */
export function generatedArticle(index: number, shape: CorpusShape = {}): GeneratedArticle {
  const { paragraphs: paragraphCount = 4, spacingMinutes = 300, newest = Date.parse('2022-01-13T08:00:00.000Z') } = shape;
  const category = pick(demoCategories, index).name;
  const place = pick(places, Math.floor(index / demoCategories.length));
  const template = pick(subjects[category]!, Math.floor(index / (demoCategories.length * places.length)));
  const title = `${template.replace('{p}', place)}${index >= 224 ? ` (số ${index})` : ''}`;
  const paragraphs = Array.from({ length: paragraphCount }, (_, k) => pick(bodyParts, index + k * 2));
  return {
    index,
    title: title.charAt(0).toUpperCase() + title.slice(1),
    category,
    lead: `${pick(['Ngày', 'Sáng', 'Chiều'], index)} ${1 + (index % 28)}/${1 + (index % 12)}, ${template.replace('{p}', place).toLowerCase()}.`,
    body: `${paragraphs.join('\n\n')}\n\n**${place.charAt(0).toUpperCase() + place.slice(1)}** tiếp tục triển khai các nhiệm vụ trọng tâm.`,
    byline: pick(bylines, index),
    coverCaption: `Quang cảnh tại ${place}.`,
    tags: [pick(tags, index), pick(tags, index + 3)],
    featured: index % 17 === 0,
    datePublished: new Date(newest - index * spacingMinutes * 60_000).toISOString(),
  };
}
