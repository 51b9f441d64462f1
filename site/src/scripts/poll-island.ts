/**
 * The poll box, enhanced: votes are posted with fetch and answered with result bars; a browser
 * that voted remembers it and shows the results on later visits. Without JavaScript the plain
 * form still posts and the CMS answers with a results page.
 */
interface OptionResult {
  label: string;
  votes: number;
  percent: number;
}
interface Results {
  totalVotes: number;
  options: OptionResult[];
}

const votedKey = (id: string) => `tt-poll-voted:${id}`;

function render(box: HTMLElement, results: Results, note: string) {
  const form = box.querySelector('form');
  const out = box.querySelector<HTMLElement>('[data-poll-results]')!;
  form?.setAttribute('hidden', '');
  const list = document.createElement('ul');
  list.className = 'poll-results';
  for (const o of results.options) {
    const li = document.createElement('li');
    const label = document.createElement('span');
    label.textContent = o.label;
    const value = document.createElement('strong');
    value.textContent = ` ${o.percent}%`;
    const bar = document.createElement('div');
    bar.className = 'poll-bar';
    const fill = document.createElement('div');
    fill.style.width = `${o.percent}%`;
    bar.append(fill);
    li.append(label, value, bar);
    list.append(li);
  }
  const total = document.createElement('p');
  total.textContent = `Tổng số: ${results.totalVotes} phiếu`;
  const message = document.createElement('p');
  message.className = 'poll-note';
  message.textContent = note;
  out.replaceChildren(message, list, total);
  out.removeAttribute('hidden');
}

function say(box: HTMLElement, text: string) {
  const status = box.querySelector<HTMLElement>('[data-poll-status]')!;
  status.textContent = text;
}

async function enhance(box: HTMLElement) {
  const id = box.dataset.poll!;
  const voteUrl = box.dataset.voteUrl!;
  const resultsUrl = box.dataset.resultsUrl!;
  const form = box.querySelector('form')!;
  if (localStorage.getItem(votedKey(id))) {
    try {
      const res = await fetch(resultsUrl, { headers: { accept: 'application/json' } });
      if (res.ok) render(box, ((await res.json()) as { data: Results }).data, 'Bạn đã bình chọn cho câu hỏi này.');
    } catch {
      // results are a nicety; the form stays usable
    }
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const option = new FormData(form).get('option');
    if (!option) return say(box, 'Vui lòng chọn một phương án.');
    say(box, 'Đang gửi…');
    try {
      const res = await fetch(voteUrl, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ option: Number(option) }),
      });
      const body = (await res.json()) as { data?: Results; message?: string; error?: { message: string; results?: Results } };
      if (res.status === 201 && body.data) {
        localStorage.setItem(votedKey(id), '1');
        say(box, '');
        render(box, body.data, body.message ?? 'Cảm ơn bạn đã bình chọn.');
      } else if (res.status === 409 && body.error?.results) {
        localStorage.setItem(votedKey(id), '1');
        say(box, '');
        render(box, body.error.results, body.error.message);
      } else {
        say(box, body.error?.message ?? 'Không gửi được phiếu, vui lòng thử lại.');
      }
    } catch {
      say(box, 'Không kết nối được máy chủ, vui lòng thử lại.');
    }
  });
}

export function enhancePolls() {
  for (const box of document.querySelectorAll<HTMLElement>('[data-poll]')) void enhance(box);
}
