/**
 * The project's own services, typed from the files that define them. Strapi's registry returns
 * every service as a generic one; asking here keeps the one cast in one place and the signatures
 * where they are written, so a controller cannot drift from the service it calls.
 */
import type { Core } from '@strapi/strapi';
import type scheduling from './api/article/services/scheduling';
import type submission from './api/comment/services/submission';
import type voting from './api/poll/services/voting';
import type reads from './api/reads/services/reads';

interface ProjectServices {
  'api::article.scheduling': ReturnType<typeof scheduling>;
  'api::comment.submission': ReturnType<typeof submission>;
  'api::poll.voting': ReturnType<typeof voting>;
  'api::reads.reads': ReturnType<typeof reads>;
}

export function projectService<K extends keyof ProjectServices>(strapi: Core.Strapi, name: K): ProjectServices[K] {
  return strapi.service(name) as unknown as ProjectServices[K];
}
