import { z } from 'zod';
import { parseAllowList } from '../activities/outbound/address.js';
import { OAUTH_ENV_PREFIXES, OAUTH_ENV_SUFFIXES } from '../activities/providers/oauth-apps.js';
import { DEFAULT_MAX_PAGES, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_ROWS } from '../activities/providers/limits.js';
import { env } from './config.js';
import { HTTP_URL_MESSAGE, isHttpUrl } from './http-url.js';
import { duration } from './sync-config.js';
import { DEFAULT_ORG_MAX_WEBHOOKS } from './webhook-config.js';

/**
 * Every environment variable of every process, defined once: its zod type (with the default), which processes read
 * it, and its line in docs/configuration.md. Each entrypoint picks its part with `envSchema(process)` and parses process.env once
 * (loadConfig); the configuration table (docs/configuration.md) is checked against this list by a test.
 */
export type Process = 'api' | 'worker' | 'all-in-one' | 'migrate' | 'keys' | 'ops' | 'rotate' | 'cli';

interface EnvVar<S extends z.ZodType = z.ZodType, P extends readonly Process[] = readonly Process[]> {
  schema: S;
  readBy: P;
  /** The default as docs/configuration.md shows it ("—" when none). */
  default: string;
  doc: string;
}

const v = <S extends z.ZodType, const P extends readonly Process[]>(schema: S, readBy: P, dflt: string, doc: string): EnvVar<S, P> => ({ schema, readBy, default: dflt, doc });

const ALL = ['api', 'worker', 'all-in-one', 'migrate', 'keys', 'ops', 'rotate'] as const;
const TEMPORAL = ['api', 'worker', 'all-in-one', 'ops'] as const;
const SYNC = ['api', 'worker', 'ops'] as const;
const int = (min: number, max?: number) => (max === undefined ? z.coerce.number().int().min(min) : z.coerce.number().int().min(min).max(max));
const portNumber = int(0, 65535);

const allowList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    try {
      return parseAllowList(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `must be comma-separated CIDRs or hostnames: ${(err as Error).message}` });
      return z.NEVER;
    }
  });

/** `https://app.example,http://localhost:5173`: each entry an origin (scheme, host, optional port; nothing else). */
const originList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const entries = value.split(',').map((o) => o.trim()).filter(Boolean);
    const bad = entries.find((o) => !URL.canParse(o) || !/^https?:$/.test(new URL(o).protocol) || new URL(o).origin !== o.replace(/\/$/, '').toLowerCase());
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'must be comma-separated origins such as https://app.example (scheme, host and port only)' });
      return z.NEVER;
    }
    return entries.map((o) => new URL(o).origin);
  });

// Unset or empty (compose passes `${VAR:-}` through as ''): undefined; otherwise an http(s) URL.
const optionalHttpUrl = z.preprocess((value) => (value === '' ? undefined : value), z.string().trim().refine(isHttpUrl, HTTP_URL_MESSAGE).optional());

const oauthVars = Object.fromEntries(
  OAUTH_ENV_PREFIXES.flatMap((prefix) =>
    OAUTH_ENV_SUFFIXES.map((suffix) => [`${prefix}_${suffix}`, v(z.string().optional(), ['api', 'worker'] as const, '—', `OAuth app (${suffix.toLowerCase().replace('_', ' ')}); see [OAuth](api.md#oauth-connect-with-)`)]),
  ),
) as Record<string, EnvVar<z.ZodOptional<z.ZodString>, readonly ['api', 'worker']>>;

export const ENV = {
  DATABASE_URL: v(env.databaseUrl, ALL, '— (required except under `npm start`; `keys` then uses the embedded server on `PG_PORT`)', 'Postgres URL. `npm start` starts embedded Postgres when unset. TLS via `sslmode` / `sslrootcert` ([Postgres over TLS](deploying.md#postgres-over-tls)).'),
  TEMPORAL_ADDRESS: v(env.temporalAddress, TEMPORAL, '`127.0.0.1:7233`', 'Temporal frontend. `npm start` starts `temporal server start-dev` when unset.'),
  TEMPORAL_TLS: v(z.stringbool().optional(), TEMPORAL, 'on when any TLS variable or `TEMPORAL_API_KEY` is set', 'TLS to Temporal ([Running at scale](deploying.md#running-at-scale))'),
  TEMPORAL_TLS_CERT: v(z.string().trim().min(1).optional(), TEMPORAL, '—', 'client certificate for mTLS: a file path or the PEM itself'),
  TEMPORAL_TLS_KEY: v(z.string().trim().min(1).optional(), TEMPORAL, '—', 'its private key: a file path or the PEM itself'),
  TEMPORAL_TLS_CA: v(z.string().trim().min(1).optional(), TEMPORAL, "the system's trust store", "the server's root CA (path or PEM)"),
  TEMPORAL_TLS_SERVER_NAME: v(z.string().trim().min(1).optional(), TEMPORAL, "the address' host", 'the name the server certificate must carry'),
  TEMPORAL_API_KEY: v(z.string().trim().min(1).optional(), TEMPORAL, '—', 'Temporal Cloud API key, sent as `Authorization: Bearer …`'),
  TEMPORAL_PAYLOAD_KEY: v(env.payloadKey.optional(), TEMPORAL, '—', 'AES-256-GCM key (base64 of 32 bytes) for workflow inputs and results'),
  TEMPORAL_NAMESPACE: v(env.temporalNamespace, SYNC, '`default`', 'Temporal namespace'),
  TEMPORAL_TASK_QUEUE: v(env.temporalTaskQueue, SYNC, '`audit-integrations`', 'task queue of the sync workflows'),
  TEMPORAL_START_TIMEOUT_MS: v(int(100, 60_000).default(5000), ['api', 'ops'] as const, '`5000`', 'how long starting a sync may take before `422 request_failed`'),
  PORT: v(env.port, ['api', 'all-in-one'] as const, '`3000`', 'HTTP port'),
  HOST: v(z.string().default('0.0.0.0'), ['api'] as const, '`0.0.0.0`', 'bind address of the HTTP server'),
  LOG_LEVEL: v(env.logLevel, ['api', 'worker', 'all-in-one'] as const, '`info`', '`fatal error warn info debug trace silent`'),
  LOG_PRETTY: v(z.stringbool().default(false), ['api', 'worker', 'all-in-one'] as const, '`false` (`true` under `npm start`)', 'human-readable logs'),
  OTEL_EXPORTER_OTLP_ENDPOINT: v(optionalHttpUrl, ['api', 'worker'] as const, '— (tracing off)', 'OpenTelemetry collector base URL (OTLP/HTTP, e.g. `http://jaeger:4318`): set, the API and the worker send traces to `<url>/v1/traces`; the exporter reads the other standard `OTEL_EXPORTER_OTLP_*` variables (headers, timeout) itself. See [Traces](operating.md#traces)'),
  OTEL_SERVICE_NAME: v(z.string().trim().min(1).max(100).optional(), ['api', 'worker'] as const, '`audit-integrations-api` / `audit-integrations-worker`', '`service.name` of the process\' spans'),
  TRACE_UI_URL: v(
    optionalHttpUrl.refine((url) => url === undefined || url.includes('{trace_id}'), 'must contain {trace_id}'),
    ['api'] as const,
    '—',
    'link to a sync run\'s trace, `{trace_id}` replaced (e.g. `http://localhost:16686/trace/{trace_id}` for Jaeger): the runs\' `trace_url` and the dashboard\'s sync history',
  ),
  CREDENTIALS_KEY: v(env.credentialsKey.optional(), ['api', 'worker', 'all-in-one', 'rotate'] as const, '— (required for `start:api`/`start:worker`)', 'base64 of 32 random bytes (`openssl rand -base64 32`), key id `default`'),
  CREDENTIALS_KEYS: v(env.credentialsKeys.optional(), ['api', 'worker', 'all-in-one', 'rotate'] as const, '—', '`id:base64key,id:base64key`: the first encrypts, all decrypt (rotation)'),
  ROTATE_BATCH_SIZE: v(int(1, 10_000).default(500), ['rotate'] as const, '`500`', 'rows `credentials:rotate` re-encrypts per transaction'),
  DB_POOL_MAX: v(int(1, 200).default(10), ['api', 'worker'] as const, '`10`', 'Postgres pool size'),
  DB_STATEMENT_TIMEOUT_MS: v(int(100, 600_000).default(5000), ['api'] as const, '`5000`', "Postgres `statement_timeout` of the API's connections (lock waits included)"),
  DB_POOL_WAIT_TIMEOUT_MS: v(int(10, 600_000).default(2000), ['api'] as const, '`2000`', 'how long a query may wait for a free pool connection'),
  SHUTDOWN_TIMEOUT_MS: v(int(0).default(10_000), ['api'] as const, '`10000`', 'bound on finishing in-flight requests after SIGTERM'),
  RATE_LIMIT_PER_MINUTE: v(int(0).default(600), ['api'] as const, '`600`', 'average requests per minute per API key; `0` turns the per-key limit off'),
  RATE_LIMIT_BURST: v(int(1).default(100), ['api'] as const, '`100`', 'requests per API key allowed at once (the bucket size)'),
  RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: v(int(0).default(60), ['api'] as const, '`60`', 'requests per minute per client address without a valid key; `0` = off'),
  TRUST_PROXY: v(z.stringbool().default(false), ['api'] as const, '`false`', '`true`: the client address is the last `X-Forwarded-For` hop, and without `PUBLIC_URL` the OAuth redirect base the last `X-Forwarded-Host`/`-Proto` (one trusted proxy in front)'),
  ORG_MAX_PROJECTS: v(int(1).default(200), ['api'] as const, '`200`', 'projects with integrations per org'),
  PROJECT_MAX_OPEN_FINDINGS: v(int(1).default(5000), ['api'] as const, '`5000`', 'open findings per project'),
  VERIFY_CONCURRENCY_PER_ORG: v(int(1, 1000).default(4), ['api'] as const, '`4`', 'credential verifies one org may run at once per API process; more answer `429 rate_limited`'),
  INBOUND_FAILURES_PER_MINUTE: v(int(0).default(60), ['api'] as const, '`60`', 'inbound provider webhooks refused (`401 invalid_signature`) per client address and minute per API process; past it `429 rate_limited`; `0` = off'),
  EVENT_STREAMS_PER_KEY: v(int(1, 1000).default(5), ['api'] as const, '`5`', 'live event streams (`GET …/audit/events`) one API key may hold open per API process; more answer `429 rate_limited`'),
  EVENT_STREAMS_MAX: v(int(1, 100_000).default(2000), ['api'] as const, '`2000`', 'live event streams one API process holds open in all; more answer `429 rate_limited`'),
  METRICS_PORT: v(portNumber.default(9465), ['api'] as const, '`9465`', '`GET /metrics` of the API, on its own port (`0` = any free port)'),
  METRICS_HOST: v(z.string().default('127.0.0.1'), ['api'] as const, '`127.0.0.1`', 'bind address of that server'),
  CODEC_SERVER_TOKEN: v(z.string().trim().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional(), ['api'] as const, '—', 'mounts the codec server for the Temporal UI (with `TEMPORAL_PAYLOAD_KEY`)'),
  CODEC_CORS_ORIGINS: v(
    z.string().default('http://localhost:8233').transform((value) => value.split(',').map((o) => o.trim()).filter(Boolean)),
    ['api'] as const,
    '`http://localhost:8233`',
    'origins allowed to call the codec server',
  ),
  OAUTH_STATE_SECRET: v(z.string().optional(), ['api'] as const, 'derived from the credentials key', 'HMAC key (≥ 32 characters) of the OAuth `state`'),
  PUBLIC_URL: v(z.string().optional(), ['api', 'worker'] as const, '`http://HOST:PORT` (`localhost` for a wildcard `HOST`)', 'where browsers reach the API: the base of OAuth redirect URIs (never taken from a request header; with `TRUST_PROXY=true` the proxy\'s last `X-Forwarded-Host`/`-Proto` when unset); required with `NODE_ENV=production` once any OAuth app is configured; also the base of connect-session URLs, and (read by the worker too) of the inbound webhook URLs it registers with providers — unset on the worker, none is registered (`realtime.state` `manual`)'),
  CONNECT_RETURN_ORIGINS: v(originList, ['api'] as const, 'empty (no `return_url` accepted)', "origins a connect session's `return_url` may be on (comma-separated, e.g. `https://app.example`); see [Connect sessions](api.md#connect-sessions)"),
  ...oauthVars,
  SYNC_MAX_ATTEMPTS: v(int(1, 100).default(5), SYNC, '`5`', 'attempts of one sync activity'),
  SYNC_MAX_DURATION_MS: v(int(1000).default(15 * 60_000), SYNC, '`900000`', 'bound on one sync, all attempts included'),
  SYNC_HEARTBEAT_TIMEOUT_MS: v(int(1000).default(60_000), SYNC, '`60000`', 'a sync attempt silent this long is retried'),
  SYNC_INTERVAL: v(duration('6h', 1000), ['api', 'worker'] as const, '`6h`', "from one recorded sync to the next periodic one (jitter on top); an integration's own `sync_interval_seconds` wins"),
  SYNC_INTERVAL_MIN: v(duration('5m', 1000), ['api'] as const, '`5m`', 'the shortest `sync_interval_seconds` `PATCH …/settings` accepts (the longest is 7 days)'),
  SYNC_SWEEP_INTERVAL: v(duration('10s', 1000), ['worker'] as const, '`10s`', 'how often the sweeper looks for due integrations'),
  SYNC_START_RATE: v(z.coerce.number().positive().max(10_000).default(50), ['worker'] as const, '`50`', 'syncs the sweeper starts per second at most'),
  RECONCILE_INTERVAL: v(duration('1m', 1000), ['worker'] as const, '`1m`', 'how often the reconciler repairs rows and workflows that disagree'),
  RECONCILE_GRACE_MS: v(int(0).default(30_000), ['worker'] as const, '`30000`', 'how old a disagreement must be before the reconciler acts'),
  CREDENTIALS_REFRESH_AHEAD: v(duration('10m', 1000), ['worker'] as const, '`10m`', 'OAuth access tokens expiring within this are refreshed by the health pass, before any sync needs them'),
  HEALTH_CHECK_INTERVAL: v(duration('24h', 60_000), ['worker'] as const, '`24h`', 'an integration with no sync, probe or refresh within this gets the provider\'s cheap verify probe (min `1m`)'),
  WORKFLOW_BUNDLE: v(z.string().optional(), ['worker'] as const, '—', 'path of a pre-built workflow bundle (production images); otherwise bundled at start, once per change of the sources (node_modules/.cache/audit-integrations)'),
  SHUTDOWN_GRACE_MS: v(int(0).default(30_000), ['worker'] as const, '`30000`', 'Temporal `shutdownGraceTime` for running activities'),
  WORKER_MAX_CONCURRENT_ACTIVITIES: v(int(1).default(50), ['worker'] as const, '`50`', 'activities one worker runs at once'),
  WORKER_MAX_ACTIVITIES_PER_ORG: v(int(1).optional(), ['worker'] as const, '¼ of `WORKER_MAX_CONCURRENT_ACTIVITIES` (min 1)', 'provider activities one org may run at once on a worker'),
  WORKER_METRICS_PORT: v(portNumber.default(9464), ['worker'] as const, '`9464`', '`GET /metrics` of the worker'),
  WORKER_METRICS_HOST: v(z.string().default('127.0.0.1'), ['worker'] as const, '`127.0.0.1`', 'bind address of that server'),
  TEMPORAL_METRICS_PORT: v(portNumber.optional(), ['worker'] as const, 'a free loopback port', "the SDK exporter's port; `0` turns SDK metrics off"),
  PROVIDER_EGRESS_ALLOW: v(allowList, ['api', 'worker'] as const, 'empty (in every mode)', 'comma-separated CIDRs and hostnames providers (and webhook receivers) may be reached at although private, e.g. `10.20.0.0/16,gitlab.corp.example` for a self-hosted GitLab; see [Provider network access](providers.md#provider-network-access)'),
  PROVIDER_MAX_RESPONSE_BYTES: v(int(1024).default(DEFAULT_MAX_RESPONSE_BYTES), ['api', 'worker'] as const, '`10485760` (10 MiB)', 'cap on any one provider response body; more fails the attempt with `ProviderResponseTooLarge`'),
  PROVIDER_MAX_PAGES: v(int(1).default(DEFAULT_MAX_PAGES), ['worker'] as const, '`1000`', 'per-sync cap on pages of a listing; reached → the run succeeds with a warning'),
  PROVIDER_MAX_ROWS: v(int(1).default(DEFAULT_MAX_ROWS), ['worker'] as const, '`1000000`', 'per-sync cap on rows read from a listing; reached → the run succeeds with a warning'),
  ORG_MAX_WEBHOOKS: v(int(1, 1000).default(DEFAULT_ORG_MAX_WEBHOOKS), ['api'] as const, `\`${DEFAULT_ORG_MAX_WEBHOOKS}\``, 'webhook endpoints per org'),
  NODE_ENV: v(z.string().default('development'), ['api'] as const, '`development`', '`production`: webhook endpoint URLs and connect sessions\' `return_url` must be https, and `PUBLIC_URL` is required with an OAuth app'),
  WEBHOOK_RETRY_INITIAL_INTERVAL: v(duration('10s', 100), ['worker'] as const, '`10s`', 'first wait before a failed webhook delivery is retried (doubling)'),
  WEBHOOK_RETRY_MAX_INTERVAL: v(duration('2h', 100), ['worker'] as const, '`2h`', 'longest wait between two delivery attempts'),
  WEBHOOK_DELIVERY_WINDOW: v(duration('24h', 1000), ['worker'] as const, '`24h`', 'how long a delivery is retried before it is `failed`'),
  AUDIT_LOG_RETENTION_DAYS: v(int(1, 36_500).default(365), ['worker'] as const, '`365`', 'audit-log entries older than this are pruned (hourly)'),
  WEBHOOK_DELIVERY_RETENTION_DAYS: v(int(1, 3650).default(30), ['worker'] as const, '`30`', 'finished webhook deliveries, and applied inbound provider webhooks, older than this are pruned'),
  TEMPORAL_CLI: v(z.string().optional(), ['all-in-one'] as const, '`.tools/venv/bin/temporal`', 'path of the Temporal CLI'),
  DATA_DIR: v(z.string().optional(), ['all-in-one'] as const, '`.data`', 'where the all-in-one mode keeps its data'),
  PG_PORT: v(int(1, 65535).default(54329), ['all-in-one', 'keys'] as const, '`54329`', 'port of the embedded Postgres (`npm run keys` uses it when `DATABASE_URL` is unset)'),
  TEMPORAL_PORT: v(int(1, 65535).default(7233), ['all-in-one'] as const, '`7233`', 'port of the Temporal dev server'),
  TEMPORAL_UI_PORT: v(int(1, 65535).default(8233), ['all-in-one'] as const, '`8233`', 'port of its Web UI'),
  AUDIT_API_URL: v(
    z.url({ protocol: /^https?$/, error: (issue) => (issue.input === undefined ? 'is not set (the API base URL, e.g. http://127.0.0.1:3000)' : 'must be an http(s) URL, e.g. http://127.0.0.1:3000') }),
    ['cli'] as const,
    '— (required)',
    "the API the `audit-integrations` [CLI](cli.md) calls: its base URL, e.g. `http://127.0.0.1:3000`",
  ),
  AUDIT_API_TOKEN: v(z.string({ error: 'is not set (an API key: npm run keys -- create …)' }).trim().min(1, 'is empty'), ['cli'] as const, '— (required)', 'the API key the CLI sends (never printed)'),
} satisfies Record<string, EnvVar>;

type Env = typeof ENV;
type NamesFor<P extends Process> = { [K in keyof Env]: P extends Env[K]['readBy'][number] ? K : never }[keyof Env];
export type EnvShape<P extends Process> = { [K in NamesFor<P>]: Env[K]['schema'] };

/** The variables `process` reads, as one zod object; entrypoints `.extend` it for mode-specific variants. */
export function envSchema<P extends Process>(process: P): z.ZodObject<EnvShape<P>> {
  const shape = Object.fromEntries(Object.entries(ENV).filter(([, def]) => (def.readBy as readonly Process[]).includes(process)).map(([name, def]) => [name, def.schema]));
  return z.object(shape) as unknown as z.ZodObject<EnvShape<P>>;
}

/** The configuration table of docs/configuration.md, generated from ENV (test/db/env.test.ts keeps them equal). */
export function renderEnvTable(): string {
  const oauth = `| ${OAUTH_ENV_SUFFIXES.map((s) => `\`<P>_${s}\``).join(', ')} for P in ${OAUTH_ENV_PREFIXES.map((p) => `\`${p}\``).join(', ')} | — | api, worker | the OAuth app of each provider with "Connect with …"; \`GA4_\`/\`GSC_\` win over \`GOOGLE_\` per variable; see [OAuth](api.md#oauth-connect-with-) |`;
  const rows = Object.entries(ENV).flatMap(([name, def]) => {
    if (!(name in oauthVars)) return [`| \`${name}\` | ${def.default} | ${def.readBy.join(', ')} | ${def.doc} |`];
    return name === Object.keys(oauthVars)[0] ? [oauth] : [];
  });
  return ['| variable | default | read by | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
