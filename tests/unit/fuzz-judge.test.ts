/** The fuzzers' verdict on one answer (support/malformed-requests.ts): what counts as meeting a malformed request well. */
import { describe, expect, it } from 'vitest';
import { judgeAnswer } from '../support/malformed-requests.ts';

describe('judging a server’s answer to a malformed request', () => {
  it('accepts a whole 4xx (or any non-5xx) answer, and a clean close without a word', () => {
    expect(judgeAnswer({ data: 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n', ending: 'closed' })).toBeNull();
    expect(judgeAnswer({ data: 'HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno', ending: 'answered' })).toBeNull();
    expect(judgeAnswer({ data: 'HTTP/1.0 200 OK\r\n\r\n', ending: 'closed' })).toBeNull();
    expect(judgeAnswer({ data: '', ending: 'closed' })).toBeNull();
    // The book's answers to a version the server does not speak, and to an HTTP/0.9 request.
    expect(judgeAnswer({ data: 'HTTP/1.1 505 HTTP Version Not Supported\r\n\r\n', ending: 'closed' }, 'GET / HTTP/9.9\r\nHost: x\r\n\r\n')).toBeNull();
    expect(judgeAnswer({ data: '<!doctype html>…', ending: 'closed' }, 'GET //\r\nHost: x\r\n\r\n')).toBeNull();
  });

  it('refuses a 5xx, a hang, a reset and a garbled or cut answer', () => {
    expect(judgeAnswer({ data: 'HTTP/1.1 500 Internal Server Error\r\n\r\n', ending: 'closed' })).toMatch(/500/);
    expect(judgeAnswer({ data: 'HTTP/1.1 505 HTTP Version Not Supported\r\n\r\n', ending: 'closed' }, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/505/);
    expect(judgeAnswer({ data: '<!doctype html>…', ending: 'closed' }, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(/not an HTTP answer/);
    expect(judgeAnswer({ data: '', ending: 'timeout' })).toMatch(/no answer/);
    expect(judgeAnswer({ data: 'HTTP/1.1 200 OK\r\nCont', ending: 'timeout' })).toMatch(/no answer/);
    expect(judgeAnswer({ data: '', ending: 'reset' })).toMatch(/reset/);
    expect(judgeAnswer({ data: 'garbage', ending: 'closed' })).toMatch(/not an HTTP answer/);
    expect(judgeAnswer({ data: 'HTTP/1.1 200 OK\r\nContent-Type: text/html', ending: 'closed' })).toMatch(/not an HTTP answer/);
  });
});
