import type { Core } from '@strapi/strapi';
import { signPreview } from '@tintinh/content-types';
import { mayReadDraft } from '../src/newsroom/draft-access';
import { requiredEnv } from '../src/required-env';

const adminConfig = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  auth: { secret: requiredEnv(env, 'ADMIN_JWT_SECRET') },
  apiToken: { salt: requiredEnv(env, 'API_TOKEN_SALT') },
  transfer: { token: { salt: requiredEnv(env, 'TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: requiredEnv(env, 'ENCRYPTION_KEY') },
  flags: { nps: false, promoteEE: false },
  // The admin's Preview button opens the draft on the site's preview page, through a signed link.
  preview: {
    enabled: true,
    config: {
      allowedOrigins: [new URL(env('SITE_URL', 'http://localhost:4321')).origin],
      async handler(uid: string, { documentId }: { documentId: string }) {
        if (uid !== 'api::article.article') return null;
        // Strapi signs a link for any signed-in user; only those who may read the draft get one.
        if (!(await mayReadDraft(strapi, uid, documentId))) return null;
        const { exp, sig } = signPreview(documentId, requiredEnv(env, 'PREVIEW_SECRET'));
        const url = new URL(`/preview/${documentId}/`, env('SITE_URL', 'http://localhost:4321'));
        url.searchParams.set('exp', String(exp));
        url.searchParams.set('sig', sig);
        return url.href;
      },
    },
  },
  // The newsroom runs offline-friendly: no telemetry, no update checks.
  autoOpen: false,
  watchIgnoreFiles: ['**/data/**'],
});

export default adminConfig;
