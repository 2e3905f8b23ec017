import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListeningServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts a small side server (the API's and the worker's /metrics ports): rejects when the port is taken, and `close`
 * drops open keep-alive connections instead of waiting for scrapers to hang up.
 */
export async function listen(server: Server, port: number, host: string): Promise<ListeningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
