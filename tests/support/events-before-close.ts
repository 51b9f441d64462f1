/**
 * An operator script in miniature, run by `api/corpus-generator.test.ts`: writes tags through
 * the Document Service, closes Strapi the way the scripts do (`closeStrapi`), and prints how
 * many of its writes' `entry.create` events Strapi emitted before it was gone. Strapi emits them
 * after the commit without awaiting them; a plain `strapi.destroy()` loses the last one (and on
 * PostgreSQL, once, the process: an event's read timed out on the destroyed pool).
 *
 *   node tests/support/events-before-close.ts <writes>
 */
import { closeStrapi, loadStrapi } from '../../scripts/lib/strapi-app.ts';

const writes = Number(process.argv[2] ?? '20');
const strapi = await loadStrapi();
let emitted = 0;
strapi.eventHub.on('entry.create', () => {
  emitted++;
});
for (let k = 0; k < writes; k++) {
  const name = `events-before-close ${process.pid} ${k}`;
  await strapi.documents('api::tag.tag').create({ data: { name, slug: name.replaceAll(' ', '-') } });
}
await closeStrapi(strapi);
console.log(`[events-before-close] ${emitted}/${writes} events emitted before close`);
