/**
 * Malformed HTTP requests for fuzzing the project's servers: hand-picked request lines that once
 * crashed or confused a server, plus seeded random mutations of request lines, headers and URLs.
 * The seed is printed by the caller when a run fails, so a failure can be replayed.
 */
import { rawExchange } from './http.ts';
import { seededRandom } from './seeded-random.ts';

const KNOWN_BAD = [
  'GET //[ HTTP/1.1',
  'GET http://x:99999/ HTTP/1.1',
  'GET http://[::1 HTTP/1.1',
  'GET //evil.example/ HTTP/1.1',
  'GET /%E0%A4%A HTTP/1.1',
  'GET /%ZZ HTTP/1.1',
  'GET /%00 HTTP/1.1',
  'GET /..%2F..%2Fetc%2Fpasswd HTTP/1.1',
  'GET /../../etc/passwd HTTP/1.1',
  'GET * HTTP/1.1',
  'CONNECT x:443 HTTP/1.1',
  'GET x HTTP/1.1',
  'GET HTTP/1.1',
  'GET / HTTP/9.9',
  'G\u0000ET / HTTP/1.1',
  'GET /\u00ff\u00fe HTTP/1.1',
  'GET /preview/%E0%A4%A HTTP/1.1',
  'GET /preview///[ HTTP/1.1',
  'POST /_hooks/rebuild HTTP/1.1\r\nContent-Length: -1',
  'POST /_hooks/rebuild HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5',
  'GET /_status HTTP/1.1\r\nHost: a\r\nHost: b',
  'GET / HTTP/1.1\r\nX-Bad\u0001Header: 1',
  'GET / HTTP/1.1\r\nContent-Length: abc',
  `GET /${'a'.repeat(70_000)} HTTP/1.1`,
  `GET / HTTP/1.1\r\nX-Big: ${'b'.repeat(70_000)}`,
];

const PIECES = [
  '/',
  '//',
  '%',
  '%2',
  '%G0',
  '[',
  ']',
  '::',
  '@',
  ':',
  '?',
  '#',
  '\\',
  '..',
  '\u0000',
  '\u007f',
  '\u00e9',
  ' ',
  '\t',
  'http://',
  'x:0',
  '%25',
  ';',
  '\r',
  'preview/',
  '_hooks/rebuild',
  '_status',
  'index.html.br',
];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'OPTIONS', 'PATCH', 'BREW', 'get', ''];

/** `count` random malformed requests from `seed`, after the known bad ones. */
export function malformedRequests(seed: number, count: number): string[] {
  const { next } = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  // Connection: close lets each answer end with the connection, however it is framed.
  const out = KNOWN_BAD.map((line) => `${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
  for (let i = 0; i < count; i++) {
    let target = '';
    const parts = 1 + Math.floor(next() * 6);
    for (let j = 0; j < parts; j++) target += pick(PIECES);
    const version = pick(['HTTP/1.1', 'HTTP/1.0', 'HTTP/1', 'HTTP/2.0', '']);
    const headers = pick([
      'Host: x',
      '',
      'Host: x\r\nContent-Length: 3',
      'Host: x\r\nAccept-Encoding: br',
      `Host: x\r\nCookie: ${pick(PIECES)}`,
      'Host: x\r\nRange: bytes=9-1',
    ]);
    // A declared body is sent: a server rightly waits for the bytes it was promised.
    const body = headers.includes('Content-Length: 3') ? 'abc' : '';
    out.push(`${pick(METHODS)} ${target} ${version}\r\n${headers}\r\nConnection: close\r\n\r\n${body}`);
  }
  return out;
}

/**
 * How long a server may take to answer (or close on) a malformed request: a hang is forever, and a
 * loaded CI machine answering sixteen at a time took over 2 s once.
 */
const ANSWER_WITHIN_MS = 5000;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3}) [^\r\n]*\r\n/;

/** A request line with no HTTP version is HTTP/0.9's: its answer is the body alone, by the book. */
const isSimpleRequest = (request: string) => request !== '' && !/ HTTP\/\d/.test(request.split('\r\n', 1)[0]!);

/**
 * What is wrong with how a server met one malformed request, or null: it must answer with a
 * whole, well-formed HTTP response that is not a 5xx, or close the connection cleanly, within
 * ANSWER_WITHIN_MS. A 5xx, a hang, a reset or a garbled answer is a defect. Two answers are the
 * book's, not faults: 505 to a version the server does not speak, and a bare body to an
 * HTTP/0.9 request (nginx still answers those).
 */
export function judgeAnswer(answer: { data: string; ending: string }, request = ''): string | null {
  if (answer.ending === 'timeout') return `no answer within ${ANSWER_WITHIN_MS} ms`;
  if (answer.ending === 'reset') return 'connection reset';
  if (answer.data === '') return null; // closed cleanly without a word
  const status = STATUS_LINE.exec(answer.data)?.[1];
  if (!status && isSimpleRequest(request)) return null;
  if (!status || !answer.data.includes('\r\n\r\n')) return `not an HTTP answer: ${JSON.stringify(answer.data.slice(0, 60))}`;
  if (status === '505' && !/^[^\r\n]* HTTP\/1\.[01]\r\n/.test(request)) return null;
  if (status.startsWith('5')) return answer.data.split('\r\n')[0]!;
  return null;
}

/**
 * Sends every malformed request to `port` (16 at a time) and returns each one the server met
 * badly (judgeAnswer), with what happened.
 */
export async function fuzz(port: number, seed: number, count: number): Promise<string[]> {
  const requests = malformedRequests(seed, count);
  const defects: string[] = [];
  for (let i = 0; i < requests.length; i += 16) {
    await Promise.all(
      requests.slice(i, i + 16).map(async (request) => {
        const problem = judgeAnswer(await rawExchange(port, Buffer.from(request, 'latin1'), ANSWER_WITHIN_MS), request);
        if (problem) defects.push(`${JSON.stringify(request.slice(0, 120))} → ${problem}`);
      }),
    );
  }
  return defects;
}
