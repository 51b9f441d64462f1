/**
 * Loads the demo newsroom: the seed article exactly as on the model page, its poll and weather
 * note, ~60 generated articles over 8 categories with covers, and one draft that must never go
 * public. Idempotent: a second run creates nothing.
 *
 *   node scripts/import-demo.ts [--articles 60]
 */
import { parseArgs } from 'node:util';
import { demoCategories } from './demo/categories.ts';
import { COVER_PALETTES } from './demo/cover-image.ts';
import { generatedArticle } from './demo/corpus.ts';
import { seedArticle, seedPollQuestion, seedWeatherText } from './demo/seed.ts';
import { ContentWriter } from './lib/content-writer.ts';
import { closeStrapi, loadStrapi, type StrapiApp } from './lib/strapi-app.ts';

/** Marker in the demo draft's body: tests grep for it in every public output. */
export const DRAFT_MARKER = 'BAN-NHAP-NOI-BO-KHONG-CONG-BO';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '60' } } });
const articleCount = Number(values.articles);

async function importPoll(strapi: StrapiApp): Promise<boolean> {
  const polls = strapi.documents('api::poll.poll');
  if (await polls.findFirst({ filters: { question: seedPollQuestion }, status: 'draft' })) return false;
  const poll = await polls.create({
    data: {
      question: seedPollQuestion,
      showInSidebar: true,
      opensAt: '2022-01-01T00:00:00.000Z',
      options: [
        { label: 'Chế độ đãi ngộ, thu nhập xứng đáng', votes: 0 },
        { label: 'Môi trường làm việc minh bạch, công bằng', votes: 0 },
        { label: 'Cơ hội học tập, thăng tiến rõ ràng', votes: 0 },
        { label: 'Được ghi nhận và tôn vinh đóng góp', votes: 0 },
      ],
    },
  });
  await polls.publish({ documentId: poll.documentId });
  return true;
}

async function importWeather(strapi: StrapiApp): Promise<boolean> {
  const notes = strapi.documents('api::weather-note.weather-note');
  const issuedAt = '2022-01-13T00:00:00.000Z';
  if (await notes.findFirst({ filters: { issuedAt } })) return false;
  // Valid for years so the demo always has a box to show; real notes are valid for a day or two.
  await notes.create({ data: { region: 'Bạc Liêu', forecast: seedWeatherText, issuedAt, validUntil: '2030-12-31T16:59:59.000Z' } });
  return true;
}

const started = Date.now();
const strapi = await loadStrapi();
try {
  const writer = new ContentWriter(strapi);
  for (const [order, c] of demoCategories.entries()) await writer.category(c.name, order + 1, c.description);

  const [lead, ...rest] = seedArticle.paragraphs;
  await writer.article(
    {
      title: seedArticle.title,
      category: seedArticle.category,
      lead: lead!,
      body: rest.join('\n\n'),
      byline: seedArticle.byline,
      coverCaption: seedArticle.coverCaption,
      coverSeed: 0,
      tags: ['Bạc Liêu', 'Xây dựng Đảng'],
      featured: true,
      datePublished: seedArticle.datePublished,
      publish: true,
    },
    'seed',
  );

  // One cover per palette (cover-image.ts), shared by every eighth story: each distinct cover is
  // an upload Strapi resizes into its formats, about half a second of CPU, and tests import the
  // demo a dozen times a run.
  for (let i = 0; i < articleCount; i++) {
    const a = generatedArticle(i);
    await writer.article({ ...a, coverSeed: i + 1, publish: true }, `demo-${i % COVER_PALETTES}`);
    if ((i + 1) % 20 === 0) console.log(`[import] ${i + 1}/${articleCount} articles`);
  }

  await writer.article(
    {
      title: 'Dự thảo kế hoạch nhân sự năm 2022 (chưa duyệt)',
      category: seedArticle.category,
      lead: 'Bản nháp nội bộ, chưa được phép đăng.',
      body: `Nội dung nội bộ ${DRAFT_MARKER}. Bài này là bản nháp và không bao giờ được xuất hiện trên trang công khai.`,
      byline: 'Ban biên tập',
      coverCaption: 'Ảnh nháp.',
      coverSeed: 99,
      tags: [],
      featured: false,
      datePublished: '2022-01-14T01:00:00.000Z',
      publish: false,
    },
    'draft',
  );

  const pollCreated = await importPoll(strapi);
  const weatherCreated = await importWeather(strapi);
  const created = writer.created + Number(pollCreated) + Number(weatherCreated);
  console.log(
    `[import] done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${created} new entries/files${created === 0 ? ' (everything was already there)' : ''}`,
  );
} finally {
  await closeStrapi(strapi);
}
