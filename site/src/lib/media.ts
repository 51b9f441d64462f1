import type { Media } from '@tintinh/content-types';
import { siteConfig } from './site-config.ts';

/**
 * Resolves a Strapi media URL against the CMS origin. Absolute URLs pointing anywhere else are
 * refused (null), so an entry cannot make readers load third-party content.
 */
export function resolveMediaUrl(url: string): string | null {
  const origin = siteConfig().mediaOrigin;
  let resolved: URL;
  try {
    resolved = new URL(url, origin);
  } catch {
    return null;
  }
  if (resolved.origin !== origin.origin) return null;
  if (!resolved.pathname.startsWith('/uploads/')) return null;
  return resolved.href;
}

export interface ImageSource {
  src: string;
  width: number;
  height: number;
  srcset: string;
  mime: string;
}

/**
 * The picture for an uploaded image, from the formats Strapi stored at upload time (no image is
 * encoded during a site build): the largest stored rendition as `src`, every width in `srcset`.
 */
export function imageSource(media: Media | null | undefined): ImageSource | null {
  if (!media || !media.mime.startsWith('image/') || media.mime === 'image/svg+xml') return null;
  const candidates = [
    ...Object.values(media.formats ?? {}).map((f) => ({ url: f.url, width: f.width, height: f.height })),
    ...(media.width && media.height ? [{ url: media.url, width: media.width, height: media.height }] : []),
  ]
    .map((c) => ({ ...c, url: resolveMediaUrl(c.url) }))
    .filter((c): c is { url: string; width: number; height: number } => c.url !== null)
    .sort((a, b) => a.width - b.width);
  if (candidates.length === 0) return null;
  const main = candidates.find((c) => c.width >= 1000) ?? candidates[candidates.length - 1]!;
  return {
    src: main.url,
    width: main.width,
    height: main.height,
    srcset: candidates.map((c) => `${c.url} ${c.width}w`).join(', '),
    mime: media.mime,
  };
}
