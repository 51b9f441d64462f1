import { useFetchClient, useNotification } from '@strapi/strapi/admin';

/**
 * Bulk "Duyệt" / "Từ chối" for reader comments in the content-manager list: editors tick the
 * pending comments and approve or reject them in one go.
 */
interface BulkActionProps {
  model: string;
  documents: Array<{ documentId: string }>;
}
interface BulkActionDescription {
  label: string;
  variant?: 'success' | 'danger-light' | 'secondary';
  onClick?: () => void;
}
export type BulkAction = ((props: BulkActionProps) => BulkActionDescription | null) & { actionType?: string };

const COMMENT = 'api::comment.comment';

function moderationAction(status: 'approved' | 'rejected', label: string, done: string): BulkAction {
  // biome-ignore lint/correctness/noComponentHookFactories: Strapi renders each bulk action as a component, one per status
  const Action: BulkAction = ({ model, documents }) => {
    const { put } = useFetchClient();
    const { toggleNotification } = useNotification();
    if (model !== COMMENT) return null;
    return {
      label,
      variant: status === 'approved' ? 'success' : 'danger-light',
      onClick: async () => {
        try {
          for (const doc of documents) {
            await put(`/content-manager/collection-types/${COMMENT}/${doc.documentId}`, { moderationStatus: status });
          }
          toggleNotification({ type: 'success', message: `${done} ${documents.length} bình luận` });
          window.location.reload();
        } catch {
          toggleNotification({ type: 'danger', message: 'Không cập nhật được bình luận, vui lòng thử lại.' });
        }
      },
    };
  };
  Action.actionType = `comment-${status}`;
  return Action;
}

export const commentBulkActions: BulkAction[] = [moderationAction('approved', 'Duyệt', 'Đã duyệt'), moderationAction('rejected', 'Từ chối', 'Đã từ chối')];
