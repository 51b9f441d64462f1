import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import sharp, { type OutputInfo } from 'sharp';

/** The widths Strapi derives at upload (config/plugins.ts) and the WebP twin of each (extensions/upload). */
export const IMAGE_BREAKPOINTS = { xlarge: 1600, large: 1000, medium: 750, small: 500 } as const;

/** The slice of Strapi's upload file object this module reads and writes. */
export interface UploadFile {
  name: string;
  hash: string;
  ext?: string;
  mime?: string;
  path?: string | null;
  filepath?: string;
  tmpWorkingDirectory?: string;
  width?: number;
  height?: number;
  size?: number;
  sizeInBytes?: number;
  getStream(): NodeJS.ReadableStream;
}

export interface Format {
  key: string;
  file: UploadFile;
}

export const WEBP_QUALITY = 78;

/**
 * A WebP rendition of `source` no larger than `maxSide`, made once at upload time. Readers'
 * browsers pick it through <picture>; the site build never encodes an image.
 */
export async function webpRendition(source: UploadFile, key: string, maxSide: number | null): Promise<Format> {
  const hash = `${key}_${source.hash}`;
  const filepath = source.tmpWorkingDirectory ? path.join(source.tmpWorkingDirectory, hash) : hash;
  let transform = sharp({ animated: true });
  if (maxSide) transform = transform.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
  transform = transform.webp({ quality: WEBP_QUALITY });
  const input = source.filepath ? createReadStream(source.filepath) : source.getStream();
  let info: OutputInfo | undefined;
  transform.on('info', (i: OutputInfo) => (info = i));
  await pipeline(input, transform, createWriteStream(filepath));
  const baseName = source.name.replace(/\.[^.]+$/, '');
  return {
    key,
    file: {
      name: `${key}_${baseName}.webp`,
      hash,
      ext: '.webp',
      mime: 'image/webp',
      path: source.path ?? null,
      filepath,
      getStream: () => createReadStream(filepath),
      width: info?.width,
      height: info?.height,
      size: info ? Math.round((info.size / 1024) * 100) / 100 : 0,
      sizeInBytes: info?.size,
    },
  };
}
