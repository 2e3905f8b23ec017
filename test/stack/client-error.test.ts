import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { entryBundle } from '../helpers/entry-bundle.js';
import { freePort, PROJECT_ROOT, stopChild, waitForPort } from '../helpers/services.js';

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('data', (d) => (out += d.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('api/main.ts: requests Node rejects before Koa', () => {
  let db: TestDatabase;
  let api: ChildProcess;
  let port: number;
  beforeAll(async () => {
    db = await createTestDatabase();
    port = await freePort();
    api = spawn(process.execPath, [entryBundle('api/main.ts')], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        METRICS_PORT: '0',
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        CREDENTIALS_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    await waitForPort(port);
  });
  afterAll(async () => {
    await stopChild(api);
    await db.drop();
  });

  it('answers an unknown method in the envelope with 400 bad_request', async () => {
    const res = await rawRequest(port, 'FOO / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(res).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(res.slice(res.indexOf('\r\n\r\n') + 4)) as { data: unknown; meta: { request_id: string }; error: { code: string } };
    expect(body.data).toBeNull();
    expect(body.error.code).toBe('bad_request');
    expect(res).toContain(`x-request-id: ${body.meta.request_id}`);
  });

  it('answers oversized headers with 431 in the envelope', async () => {
    const res = await rawRequest(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(res).toMatch(/^HTTP\/1\.1 431 /);
    expect(res).toContain('"code":"bad_request"');
  });
});
