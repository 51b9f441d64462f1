import type { Core } from '@strapi/strapi';
import sharp, { type Metadata } from 'sharp';

/**
 * Refuses absurd uploads before Strapi processes them: SVG (it can carry script), and images
 * whose pixel count would make sharp decode gigabytes. The byte size is capped by the body
 * parser (UPLOAD_MAX_BYTES).
 */
export interface UploadGuardConfig { maxPixels?: number }

interface UploadedFile { filepath: string; originalFilename?: string | null; mimetype?: string | null }
interface Ctx {
  method: string;
  path: string;
  request: { files?: Record<string, UploadedFile | UploadedFile[]> };
  status: number;
  body: unknown;
}

const UPLOAD_PATHS = /^\/(api\/)?upload\/?$/;

function refusal(ctx: Ctx, message: string) {
  ctx.status = 400;
  ctx.body = { data: null, error: { status: 400, name: 'ValidationError', message, details: { errors: [{ path: ['files'], message }] } } };
}

export default (config: UploadGuardConfig, _ctx: { strapi: Core.Strapi }) => {
  const maxPixels = config.maxPixels ?? 50_000_000;
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    if (ctx.method !== 'POST' || !UPLOAD_PATHS.test(ctx.path) || !ctx.request.files) return next();
    const files = Object.values(ctx.request.files).flat();
    for (const file of files) {
      const name = file.originalFilename ?? 'file';
      if (file.mimetype === 'image/svg+xml' || /\.svgz?$/i.test(name)) {
        return refusal(ctx, `${name}: SVG files are not accepted (they can contain scripts); upload a PNG or JPEG`);
      }
      if (!file.mimetype?.startsWith('image/')) continue;
      let meta: Metadata;
      try {
        // Reads the header only: nothing is decoded before the size is known.
        meta = await sharp(file.filepath).metadata();
      } catch {
        return refusal(ctx, `${name}: not a readable image`);
      }
      const pixels = (meta.width ?? 0) * (meta.height ?? 0);
      if (pixels > maxPixels) {
        return refusal(ctx, `${name}: ${meta.width}×${meta.height} px is too large (at most ${Math.round(maxPixels / 1e6)} megapixels)`);
      }
    }
    return next();
  };
};
