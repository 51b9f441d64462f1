/**
 * The search page's script: reads ?q=, queries the Pagefind index of the last full build merged
 * with the fresh index of what was published since (see publisher/fresh-search.ts), and
 * lists title and lead. Results for a page changed or taken down since the full build come only
 * from the fresh index; a taken-down article is in neither.
 */
import { foldVietnamese } from '../lib/fold.ts';

interface ResultData {
  url: string;
  meta: { title?: string; lead?: string; fresh?: string };
}
interface PagefindResult {
  data(): Promise<ResultData>;
}
interface Pagefind {
  init(): Promise<void>;
  mergeIndex(url: string): Promise<void>;
  search(q: string): Promise<{ results: PagefindResult[] }>;
}

const SHOWN = 20;

/** What was published or taken down since the full build made the main index, if anything. */
async function freshChanges(): Promise<{ stale: string[]; index: boolean } | null> {
  try {
    const res = await fetch('/pagefind-fresh/changes.json');
    return res.ok ? ((await res.json()) as { stale: string[]; index: boolean }) : null;
  } catch {
    return null;
  }
}

/** Written into the built site by Pagefind: loaded at run time, not bundled (nor resolvable here). */
const PAGEFIND_MODULE = '/pagefind/pagefind.js';

let loaded: Promise<{ pagefind: Pagefind; stale: Set<string> }> | undefined;

function loadIndex() {
  loaded ??= (async () => {
    const pagefind = (await import(/* @vite-ignore */ PAGEFIND_MODULE)) as Pagefind;
    const changes = await freshChanges();
    if (changes?.index) await pagefind.mergeIndex('/pagefind-fresh/');
    await pagefind.init();
    return { pagefind, stale: new Set(changes?.stale ?? []) };
  })();
  return loaded;
}

/** Wires the search page: reads ?q=, queries the index, shows what it finds. */
export async function runSearch(): Promise<void> {
  const form = document.querySelector<HTMLFormElement>('#search-form')!;
  const input = document.querySelector<HTMLInputElement>('#q')!;
  const status = document.querySelector<HTMLElement>('#search-status')!;
  const list = document.querySelector<HTMLOListElement>('#search-results')!;
  const query = new URLSearchParams(location.search).get('q')?.trim() ?? '';
  input.value = query;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = input.value.trim();
    history.replaceState(null, '', q ? `?q=${encodeURIComponent(q)}` : location.pathname);
    void show(q);
  });
  await show(query);

  async function show(q: string) {
    list.replaceChildren();
    if (!q) {
      status.textContent = '';
      return;
    }
    status.textContent = 'Đang tìm…';
    let found: { pagefind: Pagefind; stale: Set<string>; search: { results: PagefindResult[] } };
    try {
      const { pagefind, stale } = await loadIndex();
      found = { pagefind, stale, search: await pagefind.search(foldVietnamese(q)) };
    } catch {
      status.textContent = 'Chưa tìm được, vui lòng thử lại sau.';
      return;
    }
    const { stale, search } = found;
    const settled = await Promise.allSettled(search.results.slice(0, SHOWN * 2).map((r) => r.data()));
    const seen = new Set<string>();
    const results: ResultData[] = [];
    for (const s of settled) {
      if (s.status !== 'fulfilled') continue;
      const r = s.value;
      if ((!r.meta.fresh && stale.has(r.url)) || seen.has(r.url)) continue;
      seen.add(r.url);
      results.push(r);
    }
    const shown = results.slice(0, SHOWN);
    status.textContent = shown.length ? `${shown.length} kết quả cho “${q}”` : `Không tìm thấy kết quả cho “${q}”`;
    for (const r of shown) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = r.url;
      a.textContent = r.meta.title ?? r.url;
      li.append(a);
      // The article's own lead: Pagefind's excerpt would quote the diacritic-free copy it matches on.
      if (r.meta.lead) {
        const p = document.createElement('p');
        p.textContent = r.meta.lead;
        li.append(p);
      }
      list.append(li);
    }
  }
}
