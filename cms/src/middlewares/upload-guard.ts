/**
 * Every file that reaches the CMS must be an image by its content: JPEG, PNG, WebP, GIF or AVIF
 * as sharp reads the header, whatever type or name the client declared. An HTML or script file
 * served from /uploads/ would run on the CMS origin, where the admin's session lives. Images
 * whose pixel count would make sharp decode gigabytes are refused too. The byte size is capped by
 * the body parser (UPLOAD_MAX_BYTES). Uploading from URLs is switched off: it fetched any address
 * the server could reach (SSRF), and editors can download a picture and upload it.
 */
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import sharp, { type Metadata } from 'sharp';

export interface UploadGuardConfig {
  maxPixels?: number;
}

interface UploadedFile {
  filepath: string;
  originalFilename?: string | null;
  mimetype?: string | null;
}
interface Ctx {
  method: string;
  path: string;
  request: { files?: Record<string, UploadedFile | UploadedFile[]> };
  status: number;
  body: unknown;
}

const FROM_URLS = /\/upload\/actions\/upload-from-urls\/?$/;

/** The accepted formats, by what sharp reads from the file's header. */
function acceptedType(meta: Metadata): { mime: string; ext: string } | null {
  switch (meta.format) {
    case 'jpeg':
      return { mime: 'image/jpeg', ext: '.jpg' };
    case 'png':
      return { mime: 'image/png', ext: '.png' };
    case 'webp':
      return { mime: 'image/webp', ext: '.webp' };
    case 'gif':
      return { mime: 'image/gif', ext: '.gif' };
    case 'heif':
      return meta.compression === 'av1' ? { mime: 'image/avif', ext: '.avif' } : null;
    default:
      return null;
  }
}

function refusal(ctx: Ctx, status: number, message: string) {
  ctx.status = status;
  ctx.body = {
    data: null,
    error: { status, name: status === 400 ? 'ValidationError' : 'ForbiddenError', message, details: { errors: [{ path: ['files'], message }] } },
  };
}

export default (config: UploadGuardConfig, _ctx: { strapi: Core.Strapi }) => {
  const maxPixels = config.maxPixels ?? 50_000_000;
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    if (FROM_URLS.test(ctx.path)) return refusal(ctx, 403, 'Tải ảnh từ địa chỉ URL đã bị tắt: hãy tải ảnh về máy rồi tải lên.');
    const files = Object.values(ctx.request.files ?? {}).flat();
    for (const file of files) {
      const name = file.originalFilename ?? 'file';
      let meta: Metadata;
      try {
        // Reads the header only: nothing is decoded before the size is known.
        meta = await sharp(file.filepath, { animated: true }).metadata();
      } catch {
        return refusal(ctx, 400, `${name}: không phải ảnh JPEG, PNG, WebP, GIF hoặc AVIF`);
      }
      const type = acceptedType(meta);
      if (!type)
        return refusal(
          ctx,
          400,
          `${name}: định dạng ${(meta.format ?? 'không rõ').toUpperCase()} không được nhận; chỉ nhận ảnh JPEG, PNG, WebP, GIF hoặc AVIF`,
        );
      // An animated image is decoded frame by frame: count every frame's pixels.
      const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0) * (meta.pages ?? 1);
      if (pixels > maxPixels) {
        return refusal(
          ctx,
          400,
          `${name}: ${meta.width}×${meta.pageHeight ?? meta.height} px${(meta.pages ?? 1) > 1 ? ` × ${meta.pages} khung hình` : ''} là quá lớn (tối đa ${Math.round(maxPixels / 1e6)} megapixel)`,
        );
      }
      // Stored and served under the type it really is, never the one the client claimed.
      file.mimetype = type.mime;
      file.originalFilename = `${path.basename(name, path.extname(name)) || 'anh'}${type.ext}`;
    }
    return next();
  };
};
