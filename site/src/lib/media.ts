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

/** Shared between every page that shows the image (see imageSource): never changed by a caller. */
export interface ImageSource {
  readonly src: string;
  readonly width: number;
  readonly height: number;
  readonly srcset: string;
  /** WebP renditions made at upload time, when the upload has them. */
  readonly webpSrcset: string | null;
  readonly mime: string;
}

type Candidate = { url: string; width: number; height: number };

function candidates(list: Array<{ url: string; width: number; height: number }>): Candidate[] {
  return list
    .map((c) => ({ ...c, url: resolveMediaUrl(c.url) }))
    .filter((c): c is Candidate => c.url !== null)
    .sort((a, b) => a.width - b.width);
}

const srcsetOf = (list: Candidate[]) => list.map((c) => `${c.url} ${c.width}w`).join(', ');

/**
 * A build shows each cover on several pages (its article page twice, every listing and feed it is
 * on), and resolving its ≈9 rendition URLs each time took ≈2.4 s of a 20,000-article render (CPU
 * profile, 2026-11-29). Entries are never changed in place (an edit replaces the whole entry), so
 * the media object itself is the key, and a replaced entry's source is collected with it.
 */
const sourceByMedia = new WeakMap<Media, ImageSource | null>();

/**
 * The picture for an uploaded image, from the formats Strapi stored at upload time (no image is
 * encoded during a site build): the largest stored rendition as `src`, every width in `srcset`.
 */
export function imageSource(media: Media | null | undefined): ImageSource | null {
  if (!media) return null;
  let source = sourceByMedia.get(media);
  if (source === undefined) {
    source = sourceOf(media);
    sourceByMedia.set(media, source);
  }
  return source;
}

function sourceOf(media: Media): ImageSource | null {
  if (!media.mime.startsWith('image/') || media.mime === 'image/svg+xml') return null;
  const formats = Object.entries(media.formats ?? {});
  const original = media.width && media.height ? [{ url: media.url, width: media.width, height: media.height }] : [];
  const fallback = candidates([...formats.filter(([key, f]) => !key.endsWith('_webp') && f.mime === media.mime).map(([, f]) => f), ...original]);
  const webp = candidates(formats.filter(([key, f]) => key.endsWith('_webp') && f.mime === 'image/webp').map(([, f]) => f));
  if (fallback.length === 0) return null;
  const main = fallback.find((c) => c.width >= 1000) ?? fallback[fallback.length - 1]!;
  return {
    src: main.url,
    width: main.width,
    height: main.height,
    srcset: srcsetOf(fallback),
    webpSrcset: webp.length > 0 ? srcsetOf(webp) : null,
    mime: media.mime,
  };
}
