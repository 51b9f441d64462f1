/**
 * Strapi's body parser (`strapi::body`), same options and behaviour, with koa-body built once;
 * it replaces the stock one under the same name (Strapi requires that name in the config).
 * The stock middleware constructs koa-body on every request, and koa-body validates its options
 * with zod each time it is constructed: for a small JSON vote that was a measurable share of the
 * request (see "Reader traffic" in the README). Multipart uploads, the type guessed from a file's
 * name when the browser sent none, the "FileTooBig" answer and the removal of temporary upload
 * files are kept as Strapi has them.
 */
import { rm } from 'node:fs/promises';
import type { Core } from '@strapi/strapi';
import { koaBody, type KoaBodyMiddlewareOptions } from 'koa-body';
import mime from 'mime-types';

interface UploadedFile {
  type?: string | null;
  mimetype?: string | null;
  name?: string;
  originalFilename?: string | null;
  filepath: string;
}
interface BodyContext {
  request: { files?: Record<string, UploadedFile | UploadedFile[] | undefined> };
  payloadTooLarge(message: string): void;
}

const DEFAULTS: Partial<KoaBodyMiddlewareOptions> = { multipart: true, patchKoa: true };

const uploadedFiles = (ctx: BodyContext): UploadedFile[] => {
  const files = ctx.request.files?.files;
  return files === undefined ? [] : Array.isArray(files) ? files : [files];
};

export const bodyParser = (config: Partial<KoaBodyMiddlewareOptions>, _ctx: { strapi: Core.Strapi }) => {
  const parse = koaBody({ ...DEFAULTS, ...config });
  return async (ctx: BodyContext, next: () => Promise<unknown>) => {
    try {
      await parse(ctx as never, async () => {});
      for (const file of uploadedFiles(ctx)) {
        if (!file.type) file.type = mime.lookup(file.name ?? file.originalFilename ?? '') || 'application/octet-stream';
      }
      await next();
    } catch (error) {
      if (error instanceof Error && error.message.includes('maxFileSize') && error.message.includes('exceeded')) return ctx.payloadTooLarge('FileTooBig');
      throw error;
    } finally {
      // Temporary upload files are removed, not awaited (the answer does not wait for the disk).
      const files = uploadedFiles(ctx);
      if (files.length > 0) {
        for (const file of files) rm(file.filepath, { force: true }).catch(() => {});
        delete ctx.request.files;
      }
    }
  };
};
