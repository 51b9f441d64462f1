import { foldVietnamese } from './fold.ts';

interface PagefindResult { data(): Promise<{ url: string; meta: { title?: string }; excerpt: string }> }
interface Pagefind { init(): Promise<void>; search(q: string): Promise<{ results: PagefindResult[] }> }

const stripTags = (html: string) => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return doc.body.textContent ?? '';
};

/** Wires the search page: reads ?q=, queries the Pagefind index built after the site. */
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
    const pagefind = (await import(/* @vite-ignore */ '/pagefind/pagefind.js')) as Pagefind;
    await pagefind.init();
    const search = await pagefind.search(foldVietnamese(q));
    const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    status.textContent = results.length ? `${results.length} kết quả cho “${q}”` : `Không tìm thấy kết quả cho “${q}”`;
    for (const r of results) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = r.url;
      a.textContent = r.meta.title ?? r.url;
      const p = document.createElement('p');
      p.textContent = stripTags(r.excerpt);
      li.append(a, p);
      list.append(li);
    }
  }
}
