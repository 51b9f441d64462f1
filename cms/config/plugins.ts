import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/required-env';

const pluginsConfig = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: { jwtSecret: requiredEnv(env, 'JWT_SECRET') },
  },
  upload: {
    config: { sizeLimit: env.int('UPLOAD_MAX_BYTES', 20 * 1024 * 1024) },
  },
});

export default pluginsConfig;
