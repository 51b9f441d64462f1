/**
 * Counts this reading for the most-read box: one beacon to the CMS when the article is opened.
 * No cookie, no id, nothing about the reader; readers without JavaScript are simply not counted.
 */
export function sendReadBeacon() {
  const url = document.querySelector<HTMLElement>('[data-read-beacon]')?.dataset.readBeacon;
  if (url && typeof navigator.sendBeacon === 'function') navigator.sendBeacon(url);
}
