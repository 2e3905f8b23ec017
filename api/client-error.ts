import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { newRequestId } from './middleware/request-id.js';

/**
 * Requests Node's HTTP parser rejects before Koa sees them (a malformed request line, an unknown method, headers over
 * the limit) still get the envelope, never a bare status line.
 */
export function answerClientErrorsInEnvelope(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err as { code?: string }).code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const requestId = newRequestId();
    const body = JSON.stringify({
      data: null,
      meta: { request_id: requestId },
      error: { code: 'bad_request', message: tooLarge ? 'The request headers are too large.' : 'The request could not be parsed.' },
    });
    socket.end(
      `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
