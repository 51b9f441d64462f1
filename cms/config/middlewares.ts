import type { Core } from '@strapi/strapi';

const middlewaresConfig = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  {
    // An explicit allowlist: the site's origin(s), never a reflected Origin header.
    name: 'strapi::cors',
    config: {
      origin: env.array('CORS_ORIGINS', ['http://localhost:4321', 'http://127.0.0.1:4321']),
      credentials: true,
    },
  },
  'strapi::poweredBy',
  // Answers the admin's license-trial question locally (the CMS calls no outside service).
  'global::no-phone-home',
  'strapi::query',
  // Public writes are small JSON or form posts; uploads (admin only) get their own limit.
  // Strapi's body parser, built once: cms/src/server/body-parser.ts stands in for it.
  {
    name: 'strapi::body',
    config: { jsonLimit: '32kb', formLimit: '32kb', textLimit: '32kb', formidable: { maxFileSize: env.int('UPLOAD_MAX_BYTES', 20 * 1024 * 1024) } },
  },
  { name: 'global::upload-guard', config: { maxPixels: env.int('UPLOAD_MAX_PIXELS', 50_000_000) } },
  'strapi::session',
  'strapi::favicon',
  'global::upload-headers',
  'strapi::public',
];

export default middlewaresConfig;
