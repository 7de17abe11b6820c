// The client's address as Express's `req.ip` makes it out (server.trustProxy: hops, or the proxies'
// addresses), for code that runs before Express does (the fast path's counts and limits). It is only
// ever hashed (subscribers/salt.ts), never kept.
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

export function clientAddress(trustProxy: number | readonly string[]): (req: IncomingMessage) => string {
  if (trustProxy === 0) return (req) => req.socket.remoteAddress ?? '';
  // As Express compiles `trust proxy`: a number trusts that many hops from the socket.
  const trust = typeof trustProxy === 'number' ? (_address: string, hop: number): boolean => hop < trustProxy : proxyaddr.compile([...trustProxy]);
  return (req) => proxyaddr(req, trust);
}
