import { PAGE_SIZE, pageOf } from './content.ts';

/** Static paths for pages 2..n of each listing (page 1 has its own route). */
export function laterPages<K extends string>(param: K, groups: Array<{ slug: string; count: number }>) {
  return groups.flatMap(({ slug, count }) => {
    const { pageCount } = pageOf(new Array<never>(count), 1, PAGE_SIZE);
    return Array.from({ length: pageCount - 1 }, (_, i) => ({
      params: { [param]: slug, page: String(i + 2) } as Record<K | 'page', string>,
      props: { slug, page: i + 2 },
    }));
  });
}
