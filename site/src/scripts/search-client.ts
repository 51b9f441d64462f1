/**
 * The search page's script: reads ?q= (and the category and year filters), queries the full
 * build's index — one Pagefind index per year (publisher/search-index.ts), merged here — together
 * with the fresh index of what was published since (publisher/fresh-search.ts), and lists title,
 * date, category and an excerpt of the article's own text with the matched words marked, twenty
 * at a time. Results for a page changed or taken down since the full build come only from the
 * fresh index; a taken-down article is in neither.
 */
import { mergeCandidates, newerFirstAtEqualRelevance, queryVariants, type Candidate } from './search-ranking.ts';

interface ResultData {
  url: string;
  excerpt: string;
  meta: { title?: string; date?: string; published?: string; category?: string; fresh?: string };
}
interface PagefindResult {
  id: string;
  score: number;
  data(): Promise<ResultData>;
}
type Filters = Record<string, string[]>;
interface Pagefind {
  options(o: { basePath: string }): Promise<void>;
  init(): Promise<void>;
  mergeIndex(url: string): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
  search(q: string, o?: { filters?: Filters }): Promise<{ results: PagefindResult[] }>;
}

const PAGE_SIZE = 20;
/** The shared runtime: loaded at run time, not bundled (nor resolvable here). */
const PAGEFIND_MODULE = '/pagefind/pagefind.js';

async function json(url: string): Promise<unknown> {
  try {
    const res = await fetch(url);
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The full build's indexes, newest first: one per year, or per part of a busy year (`2020-2`). */
async function shardNames(): Promise<string[]> {
  const list = await json('/pagefind/shards.json');
  const shards = list !== null && typeof list === 'object' && 'shards' in list && isStringList(list.shards) ? list.shards : [];
  return shards.filter((s) => /^\d{4}(-\d+)?$/.test(s));
}

/** The years the full build's index covers, newest first. */
const years = async () => [...new Set((await shardNames()).map((s) => s.slice(0, 4)))];

/** The indexes of the full build, newest first, and what changed since it. */
async function indexes(): Promise<{ bases: string[]; stale: Set<string> }> {
  const [shards, changes] = await Promise.all([shardNames(), json('/pagefind-fresh/changes.json')]);
  const bases = shards.map((s) => `/pagefind/${s}/`);
  let stale: string[] = [];
  if (changes !== null && typeof changes === 'object') {
    if ('index' in changes && changes.index === true) bases.push('/pagefind-fresh/');
    if ('stale' in changes && isStringList(changes.stale)) stale = changes.stale;
  }
  return { bases, stale: new Set(stale) };
}

let loaded: Promise<{ pagefind: Pagefind | null; stale: Set<string> }> | undefined;

function loadIndex() {
  loaded ??= (async () => {
    const { bases, stale } = await indexes();
    const [first, ...rest] = bases;
    if (!first) return { pagefind: null, stale };
    const pagefind = (await import(/* @vite-ignore */ PAGEFIND_MODULE)) as Pagefind;
    await pagefind.options({ basePath: first });
    for (const base of rest) await pagefind.mergeIndex(base);
    await pagefind.init();
    return { pagefind, stale };
  })();
  return loaded;
}

/** Pagefind's excerpt (escaped text with <mark> around matched words) as DOM nodes, no markup trusted. */
function excerptNodes(excerpt: string): Node[] {
  const decode = (s: string) => new DOMParser().parseFromString(s, 'text/html').documentElement.textContent ?? '';
  return excerpt.split(/(<mark>.*?<\/mark>)/).map((part) => {
    const marked = /^<mark>(.*)<\/mark>$/.exec(part);
    if (!marked) return document.createTextNode(decode(part));
    const mark = document.createElement('mark');
    mark.textContent = decode(marked[1] ?? '');
    return mark;
  });
}

interface Shown {
  tier: number;
  score: number;
  published: string;
  data: ResultData;
}

/** Wires the search page: reads the form's fields from the address, queries, shows and pages. */
export async function runSearch(): Promise<void> {
  const form = document.querySelector<HTMLFormElement>('#search-form')!;
  const input = document.querySelector<HTMLInputElement>('#q')!;
  const category = document.querySelector<HTMLSelectElement>('#search-category')!;
  const year = document.querySelector<HTMLSelectElement>('#search-year')!;
  const status = document.querySelector<HTMLElement>('#search-status')!;
  const list = document.querySelector<HTMLOListElement>('#search-results')!;
  const more = document.querySelector<HTMLButtonElement>('#search-more')!;
  const params = new URLSearchParams(location.search);
  input.value = params.get('q')?.trim() ?? '';
  // The filters the address asks for are shown (and sent again) before the lists are filled.
  for (const select of [category, year]) {
    const wanted = params.get(select.name);
    if (wanted) select.append(new Option(wanted, wanted, true, true));
  }
  let next: (() => Promise<void>) | null = null;
  /** Bumped by each search: a slower earlier one must not write into a newer one's list. */
  let generation = 0;
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      await next?.();
    } finally {
      more.disabled = false;
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value.trim()) query.set(name, value.trim());
    history.replaceState(null, '', query.size ? `?${query}` : location.pathname);
    void show();
  });
  fill(year, await years());
  await show();
  // Categories after the first results, and only once a search loaded the indexes: they load every
  // index's filters, which neither an empty search page nor the first query should wait for.
  if (input.value.trim()) await fillCategories();

  function fill(select: HTMLSelectElement, values: string[]) {
    const present = new Set([...select.options].map((o) => o.value));
    for (const value of values) if (!present.has(value)) select.append(new Option(value, value));
  }

  async function fillCategories() {
    try {
      const { pagefind } = await loadIndex();
      const filters = (await pagefind?.filters()) ?? {};
      fill(
        category,
        Object.keys(filters.category ?? {}).sort((a, b) => a.localeCompare(b, 'vi')),
      );
    } catch {
      // Searching still works without the list.
    }
  }

  async function show() {
    const mine = ++generation;
    const current = () => mine === generation;
    list.replaceChildren();
    more.hidden = true;
    next = null;
    const q = input.value.trim();
    if (!q) {
      status.textContent = '';
      return;
    }
    status.textContent = 'Đang tìm…';
    const filters: Filters = {};
    // The address holds the filters (the form writes them there): the lists may not be filled yet.
    const address = new URLSearchParams(location.search);
    const wantedCategory = address.get(category.name);
    const wantedYear = address.get(year.name);
    if (wantedCategory) filters.category = [wantedCategory];
    if (wantedYear) filters.year = [wantedYear];
    let ranked: Array<Candidate<PagefindResult>>;
    let stale: Set<string>;
    try {
      const index = await loadIndex();
      stale = index.stale;
      const pagefind = index.pagefind;
      const lists = pagefind
        ? await Promise.all(
            queryVariants(q).map(async (v) =>
              (await pagefind.search(v.query, { filters })).results.map((r) => ({ id: r.id, tier: v.tier, score: r.score, item: r })),
            ),
          )
        : [];
      ranked = mergeCandidates(lists);
    } catch {
      if (current()) status.textContent = 'Chưa tìm được, vui lòng thử lại sau.';
      return;
    }
    if (!current()) return;
    let cursor = 0;
    let count = 0;
    const seen = new Set<string>();
    next = async () => {
      const page: Shown[] = [];
      // Results whose text is gone (taken down, or changed since the full build) are skipped.
      while (page.length < PAGE_SIZE && cursor < ranked.length) {
        const batch = ranked.slice(cursor, cursor + PAGE_SIZE - page.length);
        cursor += batch.length;
        const settled = await Promise.allSettled(batch.map((c) => c.item.data()));
        settled.forEach((s, i) => {
          if (s.status !== 'fulfilled') return;
          const data = s.value;
          if ((!data.meta.fresh && stale.has(data.url)) || seen.has(data.url)) return;
          seen.add(data.url);
          page.push({ tier: batch[i]!.tier, score: batch[i]!.score, published: data.meta.published ?? '', data });
        });
      }
      if (!current()) return;
      // Newer before older among equal results of this batch; across batches Pagefind's own order
      // holds (each year's pages added newest first, the years merged newest first).
      for (const r of newerFirstAtEqualRelevance(page)) list.append(resultItem(r.data));
      count += page.length;
      more.hidden = cursor >= ranked.length;
      status.textContent = count ? `${count} kết quả cho “${q}”${more.hidden ? '' : ' (còn nữa)'}` : `Không tìm thấy kết quả cho “${q}”`;
    };
    await next();
  }
}

function resultItem(data: ResultData): HTMLLIElement {
  const li = document.createElement('li');
  const title = document.createElement('a');
  title.href = data.url;
  title.textContent = data.meta.title ?? data.url;
  const about = document.createElement('p');
  about.className = 'search-result-meta';
  about.textContent = [data.meta.category, data.meta.date].filter(Boolean).join(' · ');
  const excerpt = document.createElement('p');
  excerpt.append(...excerptNodes(data.excerpt));
  li.append(title, about, excerpt);
  return li;
}
