/**
 * Where the article page's share links go: the networks' own share pages, opened as plain links.
 * No third-party script is loaded and nothing is tracked; the only data sent is the article's URL,
 * and only when the reader clicks.
 */
export interface ShareLink {
  network: 'facebook' | 'zalo';
  label: string;
  href: string;
}

export function shareLinks(articleUrl: string): ShareLink[] {
  // Zalo's share page takes the URL as base64 JSON ({"url": …}); it needs no Official Account.
  const zaloPayload = Buffer.from(JSON.stringify({ url: articleUrl })).toString('base64');
  return [
    { network: 'facebook', label: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(articleUrl)}` },
    { network: 'zalo', label: 'Zalo', href: `https://button-share.zalo.me/share_external?d=${encodeURIComponent(zaloPayload)}` },
  ];
}
