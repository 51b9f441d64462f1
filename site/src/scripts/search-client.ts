/**
 * The search page's script: reads ?q= (and the category and year filters), asks the full build's
 * index of the whole archive (publisher/search-index.ts; decision 11) and the fresh index of what
 * was published since (publisher/fresh-search.ts), and lists title, category, dateline and an
 * excerpt of the article's own text with the asked words marked, twenty at a time. Results for a
 * page changed or taken down since the full build come only from the fresh index; a taken-down
 * article is in neither (its result file is gone).
 */
import { excerpt } from '../lib/archive-search/excerpt.ts';
import { freshChangesOf } from '../lib/archive-search/fresh-changes.ts';
import { markResultsShown } from '../lib/search-timing.ts';
import { fragmentOf, type SearchFragment, type SearchYears, yearsOf } from '../lib/archive-search/fragment.ts';
import { ArchiveSearchIndex, type DocumentReader, type LoadFile, type Ranked, type SearchFilters } from '../lib/archive-search/search-index.ts';
import { CHANGES_FILE, FRESH_INDEX as FRESH, FULL_INDEX as FULL, YEARS_FILE } from '../lib/archive-search/site-paths.ts';

const PAGE_SIZE = 20;
/**
 * Results placed before the rest of a query's first page: more than a phone's screen holds. Each
 * result file is a request, and with the CPU slowed 4× (a mid-range phone) each costs the page's
 * thread about 10 ms, and placing twenty results with excerpts 0.25–0.4 s.
 */
const FIRST_SCREEN = 10;

async function fetched(url: string): Promise<Response | null> {
  try {
    const res = await fetch(url);
    return res.ok ? res : null;
  } catch {
    return null;
  }
}

async function json(url: string): Promise<unknown> {
  const res = await fetched(url);
  try {
    return res ? await res.json() : null;
  } catch {
    return null;
  }
}

/** Reads an index's files under `base`. */
const filesUnder =
  (base: string): LoadFile =>
  async (file) => {
    const res = await fetched(`${base}${file}`);
    return res ? new Uint8Array(await res.arrayBuffer()) : null;
  };

/**
 * What the page reads before a query, each as soon as it can: the full index's entry and the
 * years are preloaded by the page, and the full index is asked without waiting for the fresh
 * one's change list (it matters only once results are read).
 */
interface Indexes {
  full: Promise<ArchiveSearchIndex | null>;
  years: Promise<SearchYears>;
  changes: Promise<{
    fresh: ArchiveSearchIndex | null;
    /** URLs whose entry in the full index is out of date. */
    stale: Set<string>;
  }>;
}

let loaded: Indexes | undefined;

function loadIndexes(): Indexes {
  loaded ??= {
    full: ArchiveSearchIndex.open(filesUnder(FULL)),
    years: json(YEARS_FILE).then(yearsOf),
    changes: json(CHANGES_FILE).then((value) => {
      // The list carries the fresh index's entry: no meta.json to wait for (fresh-changes.ts).
      const { stale, meta } = freshChangesOf(value);
      return { fresh: meta ? ArchiveSearchIndex.withMeta(meta, filesUnder(FRESH)) : null, stale: new Set(stale) };
    }),
  };
  return loaded;
}

/** A result before its file is read: which index, its number there, its points. */
interface Candidate {
  base: string;
  ranked: Ranked;
}

/** A result as listed: its points and its file. */
interface Shown {
  points: number;
  data: SearchFragment;
}

/** Result files by address, each fetched once: a query may read a result's file before it is shown. A page's own queries fill it; it goes with the page. */
const fragments = new Map<string, Promise<SearchFragment | null>>();

function fragmentAt(base: string, n: number): Promise<SearchFragment | null> {
  const url = `${base}d/${n}.json`;
  let read = fragments.get(url);
  if (!read) {
    read = json(url).then(fragmentOf);
    fragments.set(url, read);
    // A file that could not be read (a failed request) is asked again by the next query.
    void read.then((fragment) => {
      if (!fragment) fragments.delete(url);
    });
  }
  return read;
}

const fragment = (c: Candidate) => fragmentAt(c.base, c.ranked.n);

/** An index's articles by their result files: a query whose rarest word is in no more than a page of them reads those instead of more postings. */
const documentsUnder = (base: string): DocumentReader => ({ few: PAGE_SIZE, load: (n) => fragmentAt(base, n) });

/** The excerpt as DOM nodes: text and <mark>, no markup trusted. */
function excerptNodes(text: string, q: string): Node[] {
  return excerpt(text, q).map((part) => {
    if (!part.marked) return document.createTextNode(part.text);
    const mark = document.createElement('mark');
    mark.textContent = part.text;
    return mark;
  });
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
  const years = await loadIndexes().years;
  fill(
    year,
    years.years.map((y) => y.year),
  );
  fill(category, years.categories);
  await show();

  function fill(select: HTMLSelectElement, values: string[]) {
    const present = new Set([...select.options].map((o) => o.value));
    for (const value of values) if (!present.has(value)) select.append(new Option(value, value));
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
    // The address holds the filters (the form writes them there): the lists may not be filled yet.
    const address = new URLSearchParams(location.search);
    const wantedCategory = address.get(category.name) ?? undefined;
    const wantedYear = address.get(year.name);
    let candidates: Candidate[];
    let stale: Set<string>;
    try {
      const indexes = loadIndexes();
      const range = wantedYear ? (await indexes.years).years.find((y) => y.year === wantedYear) : undefined;
      // A year the full build does not hold matches nothing there (the fresh index is filtered below).
      const fullFilters: SearchFilters = { category: wantedCategory, range: wantedYear ? (range ?? { from: 0, to: 0 }) : undefined };
      const [full, fresh] = await Promise.all([
        indexes.full.then((index) => index?.search(q, fullFilters, documentsUnder(FULL)) ?? []),
        indexes.changes.then(({ fresh }) => fresh?.search(q, { category: wantedCategory }, documentsUnder(FRESH)) ?? []),
      ]);
      stale = (await indexes.changes).stale;
      // Best first; at equal points the fresh index's (changed since the full build) first, then newer.
      candidates = [...fresh.map((ranked) => ({ base: FRESH, ranked })), ...full.map((ranked) => ({ base: FULL, ranked }))].sort(
        (a, b) => b.ranked.points - a.ranked.points,
      );
    } catch {
      if (current()) status.textContent = 'Chưa tìm được, vui lòng thử lại sau.';
      return;
    }
    if (!current()) return;
    let cursor = 0;
    let count = 0;
    const seen = new Set<string>();
    /**
     * Newer before older among equal results of what is placed together (the fresh index's are
     * dated too; each index's own are already newest first, and the fresh index's come first at
     * equal points, so only the two indexes' mix is reordered: within the first ten and within
     * the rest). By time, not localeCompare, which builds a collator per call (0.1 s for twenty
     * results on a slow phone, CPU slowed 4×).
     */
    const time = (r: Shown) => Date.parse(r.data.published) || 0;
    const byRank = (a: Shown, b: Shown) => b.points - a.points || time(b) - time(a);
    next = async () => {
      const first = count === 0;
      const page: Shown[] = [];
      let placed = 0;
      /** Places what this page has read and not yet placed, in rank order among themselves. */
      const place = () => {
        const ready = page.slice(placed).sort(byRank);
        for (const r of ready) list.append(resultItem(r.data, q));
        placed = page.length;
        markResultsShown();
      };
      // Results whose file is gone (taken down, or changed since the full build) are skipped.
      while (page.length < PAGE_SIZE && cursor < candidates.length) {
        const batch = candidates.slice(cursor, cursor + PAGE_SIZE - page.length);
        cursor += batch.length;
        // Every file of the batch is asked at once; they are read back in rank order.
        const reads = batch.map(fragment);
        for (const [i, c] of batch.entries()) {
          const data = await reads[i]!;
          if (!current()) return;
          if (!data || seen.has(data.url)) continue;
          if (c.base === FULL && stale.has(data.url)) continue;
          if (c.base === FRESH && wantedYear && !data.published.startsWith(wantedYear)) continue;
          seen.add(data.url);
          page.push({ points: c.ranked.points, data });
          // A query's first results are placed as soon as a screenful is in, while the rest of
          // the page's files arrive: the reader starts reading before the twentieth file comes.
          if (first && placed === 0 && page.length === FIRST_SCREEN) place();
        }
      }
      place();
      count += page.length;
      more.hidden = cursor >= candidates.length;
      status.textContent = count ? `${count} kết quả cho “${q}”${more.hidden ? '' : ' (còn nữa)'}` : `Không tìm thấy kết quả cho “${q}”`;
    };
    await next();
  }
}

function resultItem(data: SearchFragment, q: string): HTMLLIElement {
  const li = document.createElement('li');
  const title = document.createElement('a');
  // The site's own paths only: a result file names a page of this site.
  title.href = /^\/(?!\/)/.test(data.url) ? data.url : '/';
  title.textContent = data.title || data.url;
  const about = document.createElement('p');
  about.className = 'search-result-meta';
  about.textContent = [data.category, data.dateline].filter(Boolean).join(' · ');
  const text = document.createElement('p');
  text.append(...excerptNodes(data.text, q));
  li.append(title, about, text);
  return li;
}
