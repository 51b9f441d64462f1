import { attachPolicy, type PluginWithRoutes } from '../../policies/attach';
import { IMAGE_BREAKPOINTS, webpRendition, type Format, type UploadFile } from '../../uploads/webp-formats';

type ImageManipulation = Record<string, unknown> & { generateResponsiveFormats(file: UploadFile): Promise<Array<Format | null>> };
interface UploadPlugin extends PluginWithRoutes {
  services: Record<string, unknown>;
}

/** The media library's write routes on existing files and folders: each target is checked (policies/upload-rights.ts). */
const WRITES_ON_EXISTING = new Set([
  'POST /',
  'PUT /files/:id',
  'POST /files/:id/replace',
  'DELETE /files/:id',
  'PUT /folders/:id',
  'POST /actions/bulk-delete',
  'POST /actions/bulk-move',
  'POST /actions/bulk-update',
  'POST /actions/generate-ai-metadata',
  'POST /ai-metadata-jobs',
]);

const guardWrites = (plugin: UploadPlugin) => attachPolicy(plugin, 'global::upload-rights', (route) => WRITES_ON_EXISTING.has(`${route.method} ${route.path}`));

const BREAKPOINTS: Readonly<Record<string, number>> = IMAGE_BREAKPOINTS;

/**
 * Media library writes are checked per file (guardWrites). And Strapi already derives JPEG/PNG formats at upload; this adds a WebP twin of each format (and of
 * the original, capped at 1600 px) so the site can offer <picture> sources without encoding.
 */
export default (plugin: UploadPlugin) => {
  guardWrites(plugin);
  const original = plugin.services['image-manipulation'] as ImageManipulation;
  plugin.services['image-manipulation'] = {
    ...original,
    async generateResponsiveFormats(file: UploadFile): Promise<Array<Format | null>> {
      const formats = await original.generateResponsiveFormats(file);
      if (!file.mime || !/^image\/(jpeg|png|webp|tiff)$/.test(file.mime)) return formats;
      const webp: Format[] = [];
      for (const f of formats) {
        if (f && BREAKPOINTS[f.key]) webp.push(await webpRendition(file, `${f.key}_webp`, BREAKPOINTS[f.key]!));
      }
      // The original size too (capped), for wide screens and high-density displays.
      if (!formats.some((f) => f?.key === 'xlarge')) webp.push(await webpRendition(file, 'original_webp', BREAKPOINTS.xlarge!));
      return [...formats, ...webp];
    },
  };
  return plugin;
};
