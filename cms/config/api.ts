import type { Core } from '@strapi/strapi';
import { TOKEN_PAGE_LIMIT } from '../src/public-read/query-allowlist';

// maxLimit is the API token's page (the site's full read); the public-read guard holds readers to 100.
const apiConfig = (): Core.Config.Api => ({
  rest: { defaultLimit: 25, maxLimit: TOKEN_PAGE_LIMIT, withCount: true },
});

export default apiConfig;
