/**
 * Vietnamese without diacritics ("đảng viên" → "dang vien"): readers often type that way, and
 * the search index holds a folded copy of each article so either spelling finds it.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}
