import { describe, expect, it } from 'vitest';
import { SLUG_PATTERN, slugify, slugProblem } from '@tintinh/content-types';

describe('Vietnamese slugs', () => {
  it('transliterates diacritics and đ, drops thousands dots', () => {
    expect(slugify('Cả nước có 5.248.607 đảng viên')).toBe('ca-nuoc-co-5248607-dang-vien');
    expect(slugify('Đường Trần Phú — ĐẸP!')).toBe('duong-tran-phu-dep');
    expect(slugify('  Hoạt động   lãnh đạo ')).toBe('hoat-dong-lanh-dao');
  });

  it('produces only slugs that match the public URL pattern', () => {
    for (const title of ['Ưu tiên ổn định đời sống', 'Lễ hội "Nghinh Ông" 2022', 'Giá lúa tăng 10%/tháng', 'a/b ../c']) {
      expect(slugify(title)).toMatch(SLUG_PATTERN);
    }
  });

  it.each(['..', 'a/b', 'Cả-nước', 'UPPER', 'two--hyphens', '-leading', 'trailing-', 'has space', ''])('rejects %j', (slug) => {
    expect(slugProblem(slug)).toMatch(/must/);
  });

  it('accepts a well-formed slug', () => {
    expect(slugProblem('ca-nuoc-co-5248607-dang-vien')).toBeNull();
  });
});
