/**
 * "Sao chép liên kết": copies the article's URL. Without JavaScript (or without a clipboard) the
 * button stays hidden and the address bar does the job.
 */
export function enhanceCopyLinks() {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-copy-link]')) {
    const status = button.parentElement?.querySelector<HTMLElement>('[data-copy-status]');
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(button.dataset.copyLink ?? location.href);
        if (status) status.textContent = 'Đã sao chép liên kết';
      } catch {
        if (status) status.textContent = 'Không sao chép được, hãy chép từ thanh địa chỉ';
      }
    });
  }
}
