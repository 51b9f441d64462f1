let rendered = 0;
let startedAt = 0;

/**
 * A line per 10,000 article pages while a static build renders them: an archive build spends
 * most of its time here (≈7 minutes at 200,000 articles) and should show it is moving.
 */
export function countRenderedArticle(total: number): void {
  startedAt ||= Date.now();
  rendered++;
  if (rendered % 10_000 === 0 || rendered === total) {
    console.log(`[site] rendered ${rendered}/${total} article pages in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  }
}
