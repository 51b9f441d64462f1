import { IMAGE_BREAKPOINTS, webpRendition, type Format, type UploadFile } from '../../uploads/webp-formats';

type ImageManipulation = Record<string, unknown> & { generateResponsiveFormats(file: UploadFile): Promise<Array<Format | null>> };
interface UploadPlugin {
  services: Record<string, unknown>;
}

const BREAKPOINTS: Readonly<Record<string, number>> = IMAGE_BREAKPOINTS;

/**
 * Strapi already derives JPEG/PNG formats at upload; this adds a WebP twin of each format (and of
 * the original, capped at 1600 px) so the site can offer <picture> sources without encoding.
 */
export default (plugin: UploadPlugin) => {
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
