import ipaddr from 'ipaddr.js';
import type { Context } from 'koa';

/** PUBLIC_URL and the configured HOST:PORT (api/oauth-config.ts builds both). */
export interface PublicBaseConfig {
  publicUrl?: string | undefined;
  listenUrl?: string | undefined;
}

/** The last entry of a forwarded header: the one our single trusted proxy wrote (earlier ones came from the client). */
function lastForwarded(ctx: Context, name: string): string | undefined {
  return ctx.get(name).split(',').at(-1)?.trim() || undefined;
}

// A DNS name or bracketed IPv6 literal with an optional port: nothing that could add a path, credentials or a query.
const FORWARDED_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** `http(s)://host[:port]` from X-Forwarded-Host/-Proto, or undefined when the host is missing or not a bare host. */
function forwardedOrigin(ctx: Context): string | undefined {
  const host = lastForwarded(ctx, 'X-Forwarded-Host');
  if (!host || host.length > 255 || !FORWARDED_HOST.test(host)) return undefined;
  const proto = lastForwarded(ctx, 'X-Forwarded-Proto')?.toLowerCase() === 'https' ? 'https' : 'http';
  return URL.canParse(`${proto}://${host}`) ? new URL(`${proto}://${host}`).origin : undefined;
}

function socketOrigin(ctx: Context): string {
  const { localAddress, localPort } = ctx.req.socket;
  const address = localAddress && ipaddr.isValid(localAddress) ? ipaddr.process(localAddress) : undefined;
  const host = !address ? 'localhost' : address.kind() === 'ipv6' ? `[${address.toString()}]` : address.toString();
  return `http://${host}:${localPort ?? 80}`;
}

/**
 * Where browsers reach this API (the OAuth redirect URI's base, a connect session's URL), never from a header the client
 * controls: PUBLIC_URL; else, only with TRUST_PROXY (Koa's `app.proxy`), the host our proxy forwarded; else HOST:PORT
 * as configured (`listenUrl`); an app built without one (tests, PORT=0) uses the address this connection arrived at,
 * which no request header can change either.
 */
export function publicBase(ctx: Context, config: PublicBaseConfig | undefined): string {
  if (config?.publicUrl) return config.publicUrl;
  const forwarded = ctx.app.proxy ? forwardedOrigin(ctx) : undefined;
  return forwarded ?? config?.listenUrl ?? socketOrigin(ctx);
}
