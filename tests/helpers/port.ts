// Ports for test servers, in one place: every server a test starts listens on port 0 of 127.0.0.1 and is
// asked which port it got; only a server that must be told its port before it starts gets a free one.
import type { AddressInfo, Server } from 'node:net';
import net from 'node:net';

/** Listens on a port the kernel picks, on 127.0.0.1 only, and returns it (an http.Server is a net.Server). */
export async function listenLocal(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * A port nothing listens on just now, for what must be given its port before it starts (redis-server's
 * --port, a config file's server.port). Another process may take it before the server does: anything that
 * can listen on port 0 and report its port uses listenLocal() instead.
 */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  const port = await listenLocal(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
