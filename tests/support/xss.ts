/** Payloads an author (or a compromised account) might slip into an article. */
export const XSS = {
  title: 'Tin thử <script>window.__xss=1</script><img src=x onerror="window.__xss=2">',
  lead: 'Sapo <svg onload="window.__xss=3"></svg> <a href="javascript:window.__xss=4">bấm</a>',
  body: [
    'Đoạn mở đầu an toàn.',
    '<script>window.__xss=5</script>',
    '<img src="x" onerror="window.__xss=6">',
    '[Liên kết độc](javascript:window.__xss=7)',
    '<a href="JaVaScRiPt:window.__xss=8">hoa thường</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<svg><script>window.__xss=9</script></svg>',
    '<p onclick="window.__xss=10" style="background:url(javascript:1)">đoạn có thuộc tính lạ</p>',
    '<img src="https://evil.example/track.png" alt="ảnh ngoài">',
    '<math><mi xlink:href="javascript:window.__xss=11">x</mi></math>',
    'Đoạn kết an toàn.',
  ].join('\n\n'),
  caption: 'Chú thích <img src=x onerror="window.__xss=12">',
  byline: 'Tin: "><script>window.__xss=13</script>',
};
