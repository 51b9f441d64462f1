import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/required-env';
import { IMAGE_BREAKPOINTS } from '../src/uploads/webp-formats';

const pluginsConfig = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: { jwtSecret: requiredEnv(env, 'JWT_SECRET') },
  },
  upload: {
    config: {
      sizeLimit: env.int('UPLOAD_MAX_BYTES', 20 * 1024 * 1024),
      // Responsive widths derived once at upload (each also gets a WebP twin, see extensions/upload).
      breakpoints: { ...IMAGE_BREAKPOINTS },
    },
  },
});

export default pluginsConfig;
