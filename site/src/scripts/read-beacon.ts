/**
 * Counts this reading for the most-read box: one beacon to the CMS when the article is opened.
 * It carries nothing but the same-site reader cookie the CMS may have set (tt_voter, scoped to
 * /api/), which with the reader's network lets the CMS count one view per reader per article per
 * hour (cms/src/public-writes/). No page data, no tracker; readers without JavaScript are simply
 * not counted.
 */
export function sendReadBeacon() {
  const url = document.querySelector<HTMLElement>('[data-read-beacon]')?.dataset.readBeacon;
  if (url && typeof navigator.sendBeacon === 'function') navigator.sendBeacon(url);
}
