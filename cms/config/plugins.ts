import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/required-env';

const pluginsConfig = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: { jwtSecret: requiredEnv(env, 'JWT_SECRET') },
  },
  upload: {
    config: {
      sizeLimit: env.int('UPLOAD_MAX_BYTES', 20 * 1024 * 1024),
      // Responsive widths derived once at upload (each also gets a WebP twin, see extensions/upload).
      breakpoints: { xlarge: 1600, large: 1000, medium: 750, small: 500 },
    },
  },
});

export default pluginsConfig;
