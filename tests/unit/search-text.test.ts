/**
 * The words the archive search index (decision 11) takes from an article element
 * (publisher/search-text.ts): title, text, category and dateline apart, only the article's own
 * parts, a reporter's markup unable to pose as one.
 */
import { expect, it } from 'vitest';
import { articleRecord } from '../../publisher/search-index.ts';
import { articleText } from '../../publisher/search-text.ts';
import { articlePage } from '../support/article-page.ts';

const element = (body: string, title = 'Nông dân Vĩnh Lợi trúng mùa') => {
  const page = articlePage({ title, published: '2019-03-10T08:00:00+07:00', body })
    .replace(
      '<div class="article-body">',
      '<p class="lead">Sapo &amp; tóm tắt.</p><figure><img alt="ảnh </article> giả" src="/a.jpg"><figcaption>Chú thích ảnh</figcaption></figure><div class="article-body">',
    )
    .replace(
      '</div></article>',
      '</div><aside class="correction"><p><strong>Đính chính</strong>: sửa tên xã.</p></aside><p class="byline">Minh Khoa</p><ul class="tags"><li><a href="/tag/lua/">Thẻ lúa</a></li></ul></article>',
    );
  const record = articleRecord(page);
  if (!record) throw new Error('the fixture has an article element');
  return record.html;
};

it('takes the title, the article’s own text, and the category and dateline apart', () => {
  const words = articleText(element('Thân bài<br>dòng hai'));
  expect(words.title).toBe('Nông dân Vĩnh Lợi trúng mùa');
  expect(words.category).toBe('Xã hội');
  expect(words.dateline).toBe('2019-03-10T08:00:00+07:00');
  expect(words.text).toBe('Sapo & tóm tắt. Chú thích ảnh Thân bài dòng hai Đính chính: sửa tên xã. Minh Khoa');
  // Tags are links to other pages, not the article's words.
  expect(words.text).not.toContain('Thẻ lúa');
});

it('keeps a reporter’s markup in the body from posing as the title, the category or the tags', () => {
  const words = articleText(element('<h1 class="article-title">Tiêu đề giả</h1><p class="category-header">Mục giả</p><ul class="tags"><li>giữ lại</li></ul>'));
  expect(words.title).toBe('Nông dân Vĩnh Lợi trúng mùa');
  expect(words.category).toBe('Xã hội');
  expect(words.text).toContain('Tiêu đề giả');
  expect(words.text).toContain('Mục giả');
  expect(words.text).toContain('giữ lại');
});
