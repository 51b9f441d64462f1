/**
 * Writes Strapi's typings of our content types from the built CMS into `<out>/generated/`
 * (relative to cms/), as `strapi ts:generate-types --out-dir <out>` does, but from cms/dist as
 * `strapi build` just left it: Strapi's command compiles the TypeScript again first (about 7 s
 * of a CMS build). Nothing connects to a database: the app is registered, not started.
 *
 *   node scripts/cms-typings.ts <out>
 */
import path from 'node:path';
import { cmsRoot } from './lib/paths.ts';
import { requireFromCms } from './lib/strapi-app.ts';

interface RegisteredApp {
  destroy(): Promise<void>;
}

interface TypingsGenerator {
  generators: {
    generate(config: {
      strapi: RegisteredApp;
      pwd: string;
      rootDir: string;
      logger: { silent: boolean };
      artifacts: { contentTypes: boolean; components: boolean };
    }): Promise<void>;
  };
}

const out = process.argv[2];
if (!out || path.isAbsolute(out)) {
  console.error('usage: node scripts/cms-typings.ts <folder relative to cms/>');
  process.exit(2);
}
const fromCms = requireFromCms();
const { createStrapi } = fromCms('@strapi/strapi') as {
  createStrapi(o: { appDir: string; distDir: string }): { register(): Promise<RegisteredApp> };
};
const tsUtils = fromCms('@strapi/typescript-utils') as TypingsGenerator;
const app = await createStrapi({ appDir: cmsRoot, distDir: path.join(cmsRoot, 'dist') }).register();
await tsUtils.generators.generate({
  strapi: app,
  pwd: cmsRoot,
  rootDir: out,
  // Not silent: the generator reports its own failures only in its log, and writes nothing
  // (ensureCmsBuilt, scripts/lib/cms.ts, names a file missing afterwards).
  logger: { silent: false },
  artifacts: { contentTypes: true, components: true },
});
await app.destroy();
