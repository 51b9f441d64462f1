import type { PollResults } from '../api/poll/services/voting';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const NOTES: Record<string, string> = {
  accepted: 'Cảm ơn bạn đã bình chọn.',
  duplicate: 'Bạn đã bình chọn cho câu hỏi này rồi.',
  closed: 'Cuộc thăm dò ý kiến này đã kết thúc.',
  'not-open': 'Cuộc thăm dò ý kiến này chưa bắt đầu.',
  'unknown-option': 'Phương án bình chọn không hợp lệ.',
};

/**
 * The results page a reader without JavaScript lands on after voting. `back` has been checked to
 * be on one of the site's origins; it is still escaped.
 */
export function resultsPage(results: PollResults, voted: string, back: string): string {
  const safeBack = /^https?:\/\/[^\s"'<>]+$/.test(back) ? back : '';
  const rows = results.options
    .map(
      (o) =>
        `<li><span>${escapeHtml(o.label)}</span> <strong>${o.percent}%</strong> (${o.votes} phiếu)<div class="bar"><div style="width:${o.percent}%"></div></div></li>`,
    )
    .join('');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Kết quả thăm dò ý kiến</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}ul{list-style:none;padding:0}li{margin:.75rem 0}.bar{background:#e6ecf2;height:.6rem}.bar div{background:#0b4f8a;height:.6rem}a{color:#0b4f8a}</style></head>
<body><h1>Kết quả thăm dò ý kiến</h1>${NOTES[voted] ? `<p><strong>${NOTES[voted]}</strong></p>` : ''}<p>${escapeHtml(results.question)}</p><ul>${rows}</ul><p>Tổng số: ${results.totalVotes} phiếu</p>${safeBack ? `<p><a href="${escapeHtml(safeBack)}">« Quay lại bài viết</a></p>` : ''}</body></html>`;
}
