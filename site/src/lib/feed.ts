import { getRssString, type RSSFeedItem } from '@astrojs/rss';
import type { SiteArticle } from './content/schema.ts';
import { correctionOf } from './corrections.ts';
import { dateline, rfc822Vietnam } from './dates.ts';
import { imageSource } from './media.ts';
import { renderMarkdown } from './markdown.ts';
import { siteConfig } from './site-config.ts';
import { escapeXml } from './xml.ts';

export const FEED_SIZE = 50;

function item(article: SiteArticle): RSSFeedItem {
  const link = new URL(article.url, siteConfig().siteUrl).href;
  const image = imageSource(article.cover);
  const lead = article.lead ? `<p>${escapeXml(article.lead)}</p>` : '';
  const cover = image
    ? `<figure><img src="${escapeXml(image.src)}" alt="${escapeXml(article.coverCaption ?? article.title)}" width="${image.width}" height="${image.height}"/>${article.coverCaption ? `<figcaption>${escapeXml(article.coverCaption)}</figcaption>` : ''}</figure>`
    : '';
  const byline = article.byline ? `<p><em>${escapeXml(article.byline)}</em></p>` : '';
  const corrected = correctionOf(article);
  const correction = corrected
    ? `<p><strong>Đính chính</strong>${corrected.at ? ` (${escapeXml(dateline(corrected.at))})` : ''}: ${escapeXml(corrected.note)}</p>`
    : '';
  const size = article.cover?.size ? Math.round(article.cover.size * 1024) : 0;
  return {
    title: article.title,
    link,
    description: article.lead ?? undefined,
    // Full article: lead, cover, sanitized body, byline, correction. Same sanitizer as the pages.
    content: lead + cover + renderMarkdown(article.body) + byline + correction,
    categories: [article.category.name],
    // @astrojs/rss prints pubDate in GMT; readers here expect the newsroom's +0700.
    customData: `<pubDate>${rfc822Vietnam(article.date)}</pubDate>`,
    enclosure: image ? { url: image.src, length: size, type: image.mime } : undefined,
  };
}

/** An RSS 2.0 document with the newest FEED_SIZE articles, full content in content:encoded. */
export async function feedXml(opts: { title: string; description: string; path: string; articles: SiteArticle[] }): Promise<string> {
  const config = siteConfig();
  return getRssString({
    title: opts.title,
    description: opts.description,
    site: config.siteUrl.href,
    items: opts.articles.slice(0, FEED_SIZE).map(item),
    customData: `<language>vi</language><atom:link href="${escapeXml(new URL(opts.path, config.siteUrl).href)}" rel="self" type="application/rss+xml"/>`,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
  });
}
