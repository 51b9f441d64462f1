/**
 * The comment form, enhanced: posted with fetch, answered inline. Without JavaScript the form
 * posts to the CMS, which redirects back to the article with a notice.
 */
export function enhanceCommentForms() {
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-comment-form]')) {
    const status = form.querySelector<HTMLElement>('[data-comment-status]')!;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body: Record<string, string> = { authorName: String(data.get('authorName') ?? ''), body: String(data.get('body') ?? '') };
      const honeypot = String(data.get('website') ?? '');
      if (honeypot) body.website = honeypot;
      status.textContent = 'Đang gửi…';
      try {
        const res = await fetch(form.action, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body),
        });
        const answer = (await res.json()) as { message?: string; error?: { message: string } };
        if (res.ok) {
          form.reset();
          status.textContent = answer.message ?? 'Cảm ơn bạn! Bình luận đang chờ duyệt.';
        } else {
          status.textContent = answer.error?.message ?? 'Không gửi được bình luận, vui lòng thử lại.';
        }
      } catch {
        status.textContent = 'Không kết nối được máy chủ, vui lòng thử lại.';
      }
    });
  }
}
