import type { Duplex } from 'node:stream';

// Requests Node's HTTP parser refuses never reach the app: a request line and headers over Node's 16 KB
// (--max-http-header-size), bytes that are not HTTP. Node would answer them with a bare status line; this answers in
// the API's error shape, then closes the connection (the parser cannot go on after such a request).

const ANSWERS: Record<string, [number, string, string, string]> = {
  HPE_HEADER_OVERFLOW: [
    431,
    'Request Header Fields Too Large',
    'request_too_large',
    'the URL and headers exceed 16 KB; shorten the query (fewer or shorter parameters)',
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request_timeout', 'the request was not sent in time'],
};
const MALFORMED: [number, string, string, string] = [
  400,
  'Bad Request',
  'bad_request',
  'the request is not valid HTTP/1.1',
];

/** A raw HTTP/1.1 answer in the error shape, closing the connection. */
function errorAnswer([status, reason, code, message]: [number, string, string, string]): string {
  const body = JSON.stringify({ error: { code, message } });
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** Makes `server` answer the requests its parser refuses in the error shape (431, 408, 400) instead of bare. */
export function answerClientErrors(server: NodeJS.EventEmitter): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A client that went away (or a socket already answered) gets nothing more.
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(errorAnswer(ANSWERS[err.code ?? ''] ?? MALFORMED));
  });
}
