import { useEffect, useState } from 'react';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';

/**
 * The review queue in the admin: "Gửi duyệt", one action for a reporter in the article edit view,
 * and on the article list the count of stories waiting, which opens the list filtered to them.
 * The server decides who may set which state (cms/src/newsroom/review.ts); this is the button.
 */
const ARTICLE = 'api::article.article';
const WAITING = 'Chờ duyệt';
const SENDABLE = new Set(['Nháp', 'Trả lại', undefined, null]);

interface DocumentActionProps {
  model: string;
  documentId?: string;
  document?: { reviewState?: string | null } & Record<string, unknown>;
}
interface DocumentActionDescription {
  label: string;
  variant?: 'secondary' | 'default';
  position?: 'panel';
  onClick?: () => Promise<boolean | undefined>;
}
export type DocumentAction = ((props: DocumentActionProps) => DocumentActionDescription | null) & { type?: string };

export const SendForReview: DocumentAction = ({ model, documentId, document }) => {
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  if (model !== ARTICLE || !documentId || !SENDABLE.has(document?.reviewState)) return null;
  return {
    label: 'Gửi duyệt',
    variant: 'secondary',
    position: 'panel',
    onClick: async () => {
      try {
        await put(`/content-manager/collection-types/${ARTICLE}/${documentId}`, { reviewState: WAITING });
        toggleNotification({ type: 'success', message: 'Đã gửi bài cho biên tập viên duyệt' });
        window.location.reload();
        return true;
      } catch {
        toggleNotification({ type: 'danger', message: 'Không gửi duyệt được, vui lòng lưu bài rồi thử lại.' });
        return false;
      }
    },
  };
};
SendForReview.type = 'tt-send-for-review';

const waitingFilter = `filters[$and][0][reviewState][$eq]=${encodeURIComponent(WAITING)}`;

/** "Chờ duyệt: N" beside the article list's filters; a link to the list of those stories. */
export function ReviewQueueCount() {
  const { get } = useFetchClient();
  const [count, setCount] = useState<number | null>(null);
  const onArticles = window.location.pathname.includes(`/collection-types/${ARTICLE}`);
  useEffect(() => {
    if (!onArticles) return;
    get<{ pagination?: { total?: number } }>(`/content-manager/collection-types/${ARTICLE}?page=1&pageSize=1&${waitingFilter}`)
      .then((res) => setCount(res.data.pagination?.total ?? 0))
      .catch(() => setCount(null));
  }, [get, onArticles]);
  if (!onArticles || count === null) return null;
  return (
    <a
      href={`${window.location.pathname}?page=1&${waitingFilter}`}
      data-review-queue={count}
      style={{ alignSelf: 'center', fontWeight: 600, whiteSpace: 'nowrap' }}
    >
      Chờ duyệt: {count}
    </a>
  );
}
