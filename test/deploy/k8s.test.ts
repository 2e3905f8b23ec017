import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ENV } from '../../db/env.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { freePort, PROJECT_ROOT } from '../helpers/services.js';
import { createPki, type Pki } from '../helpers/tls.js';
import { configErrorOf, requiredVariables } from './entrypoint-env.js';
import { renderKustomization, type K8sObject } from './kustomize.js';
import { killIfRunning, startRole, type RoleProcess } from './processes.js';

const K8S = path.join(PROJECT_ROOT, 'worker/k8s');
const OVERLAYS = readdirSync(path.join(K8S, 'overlays'));
const MODELS: Record<string, new (o: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
};

interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }
interface Probe { httpGet: { path: string; port: string | number } }
interface Container {
  name: string;
  image: string;
  command: string[];
  ports?: { name: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: { preStop?: { exec: { command: string[] } } };
  volumeMounts?: { name: string; mountPath: string }[];
  resources: { requests: { cpu: string; memory: string }; limits: { memory: string } };
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; terminationGracePeriodSeconds?: number; volumes?: { name: string; secret?: { secretName: string } }[] };
}

const find = (objects: K8sObject[], kind: string, name: string) => {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  expect(o, `${kind} ${name}`).toBeDefined();
  return o!;
};
const template = (o: K8sObject) => (o.spec as { template: PodTemplate }).template;
const source = (file: string) => readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
/** The `timeout` (s) a process gives postgres.js' sql.end at shutdown: read from the code, so the test follows it. */
const sqlEndTimeout = (file: string) => Number(/sql\.end\(\{ timeout: (\d+) \}\)/.exec(source(file))![1]);
const mib = (q: string) => (q.endsWith('Gi') ? Number(q.slice(0, -2)) * 1024 : Number(q.slice(0, -2)));

/** The env a container gets: its ConfigMaps, literal values, and a sample for each required Secret key. */
function containerEnv(objects: K8sObject[], c: Container, secrets: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) Object.assign(env, (find(objects, 'ConfigMap', from.configMapRef.name) as unknown as { data: Record<string, string> }).data);
  for (const v of c.env ?? []) {
    if (v.value !== undefined) env[v.name] = v.value;
    else if (v.valueFrom?.secretKeyRef && !v.valueFrom.secretKeyRef.optional) env[v.name] = secrets[v.valueFrom.secretKeyRef.key]!;
  }
  return env;
}

describe('Kubernetes manifests (worker/k8s, kustomize)', () => {
  const rendered = Object.fromEntries(['base', ...OVERLAYS].map((name) => [name, renderKustomization(path.join(K8S, name === 'base' ? 'base' : `overlays/${name}`))]));

  it('has the overlays the README names, each rendering every object', () => {
    expect(OVERLAYS.sort()).toEqual(['self-hosted', 'temporal-cloud']);
    for (const objects of Object.values(rendered)) {
      expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'ConfigMap/audit-integrations-config',
        'Deployment/audit-integrations-api',
        'Deployment/audit-integrations-worker',
        'HorizontalPodAutoscaler/audit-integrations-api',
        'HorizontalPodAutoscaler/audit-integrations-worker',
        'Job/audit-integrations-migrate',
        'PodDisruptionBudget/audit-integrations-api',
        'PodDisruptionBudget/audit-integrations-worker',
        'Service/audit-integrations-api',
      ]);
    }
    for (const overlay of OVERLAYS) {
      for (const o of rendered[overlay]!) expect(o.metadata.namespace).toBe('audit-integrations');
      expect(template(find(rendered[overlay]!, 'Deployment', 'audit-integrations-api')).spec.containers[0]!.image).toBe('registry.example.com/audit-integrations:0.1.0');
    }
  });

  it('validates every object against the Kubernetes schemas (kubernetes-models), which do reject mistakes', () => {
    for (const [name, objects] of Object.entries(rendered)) {
      for (const o of objects) {
        const Model = MODELS[`${o.apiVersion}/${o.kind}`];
        expect(Model, `${name}: ${o.apiVersion} ${o.kind} has a schema`).toBeDefined();
        expect(() => new Model!(o as never).validate(), `${name}: ${o.kind} ${o.metadata.name}`).not.toThrow();
      }
    }
    const api = find(rendered.base!, 'Deployment', 'audit-integrations-api');
    const broken = JSON.parse(JSON.stringify(api)) as { spec: { replicas: unknown; template: PodTemplate } };
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken as never).validate()).toThrow(/replicas/);
    const badPort = JSON.parse(JSON.stringify(api)) as { spec: { template: { spec: { containers: { ports: { containerPort: unknown }[] }[] } } } };
    badPort.spec.template.spec.containers[0]!.ports[0]!.containerPort = 'http';
    expect(() => new Deployment(badPort as never).validate()).toThrow(/containerPort/);
  });

  it('wires HPAs, PDBs and the Service to the Deployments, with resources sized from BENCHMARKS.md', () => {
    const objects = rendered.base!;
    for (const role of ['api', 'worker']) {
      const deployment = find(objects, 'Deployment', `audit-integrations-${role}`);
      const labels = template(deployment).metadata.labels;
      const hpa = find(objects, 'HorizontalPodAutoscaler', `audit-integrations-${role}`).spec as { scaleTargetRef: { kind: string; name: string }; minReplicas: number; metrics: { resource: { name: string } }[] };
      expect(hpa.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
      expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.metrics[0]!.resource.name).toBe('cpu');
      const pdb = find(objects, 'PodDisruptionBudget', `audit-integrations-${role}`).spec as { selector: { matchLabels: Record<string, string> }; minAvailable: number };
      expect(labels).toMatchObject(pdb.selector.matchLabels);
      expect(pdb.minAvailable).toBeLessThan(hpa.minReplicas); // a drain can always proceed
      expect(labels).toMatchObject((deployment.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels);
    }
    const service = find(objects, 'Service', 'audit-integrations-api').spec as { selector: Record<string, string> };
    expect(template(find(objects, 'Deployment', 'audit-integrations-api')).metadata.labels).toMatchObject(service.selector);
    // BENCHMARKS.md memory table: the peaks of the last bench run; requests cover them, limits leave 2× headroom.
    const benchmarks = readFileSync(path.join(PROJECT_ROOT, 'BENCHMARKS.md'), 'utf8');
    // The memory table's column is found by its header, so a column added to the report does not move it.
    const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
    const lines = benchmarks.split('\n');
    // The table's own lines only: a row of a later table with the same first cell cannot stand in for a missing one.
    const start = lines.findIndex((l) => l.startsWith('| process |'));
    const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
    const table = lines.slice(start, end === -1 ? undefined : end);
    const column = cells(table[0]!).indexOf('peak during MiB');
    expect(column).toBeGreaterThan(0);
    const peak = (role: string) => Number(cells(table.find((l) => l.startsWith(`| ${role} |`))!)[column]);
    for (const [role, row] of [['api', 'API'], ['worker', 'worker']] as const) {
      const { resources } = template(find(objects, 'Deployment', `audit-integrations-${role}`)).spec.containers[0]!;
      expect(mib(resources.requests.memory)).toBeGreaterThanOrEqual(peak(row));
      expect(mib(resources.limits.memory)).toBeGreaterThanOrEqual(2 * peak(row));
    }
  });

  it('runs the entrypoints the code has (Dockerfile build output) and mounts the TLS files the overlays name', () => {
    for (const objects of Object.values(rendered)) {
      const pods = [find(objects, 'Deployment', 'audit-integrations-api'), find(objects, 'Deployment', 'audit-integrations-worker'), find(objects, 'Job', 'audit-integrations-migrate')].map(template);
      for (const pod of pods) {
        const c = pod.spec.containers[0]!;
        const script = /^dist\/(.+)\.js$/.exec(c.command.at(-1)!)![1]!;
        expect(existsSync(path.join(PROJECT_ROOT, `${script}.ts`)), script).toBe(true);
        const env = containerEnv(objects, c, {});
        for (const name of ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA']) {
          if (!env[name]) continue;
          const mount = c.volumeMounts!.find((m) => env[name]!.startsWith(`${m.mountPath}/`));
          expect(mount, `${name} lies under a mounted volume`).toBeDefined();
          expect(pod.spec.volumes!.find((v) => v.name === mount!.name)!.secret!.secretName).toBe('temporal-tls');
        }
      }
    }
  });

  it('binds the ports probes and Prometheus reach on the pod IP to all interfaces, explicitly: the code binds 127.0.0.1', () => {
    expect(ENV.WORKER_METRICS_HOST.schema.parse(undefined)).toBe('127.0.0.1');
    expect(ENV.METRICS_HOST.schema.parse(undefined)).toBe('127.0.0.1');
    for (const [name, objects] of Object.entries(rendered)) {
      const worker = template(find(objects, 'Deployment', 'audit-integrations-worker'));
      const workerEnv = containerEnv(objects, worker.spec.containers[0]!, {});
      expect(workerEnv.WORKER_METRICS_HOST, `${name}: worker`).toBe('0.0.0.0');
      expect(worker.metadata.annotations!['prometheus.io/port'], `${name}: worker scrape port`).toBe(workerEnv.WORKER_METRICS_PORT);
      const api = template(find(objects, 'Deployment', 'audit-integrations-api'));
      const apiEnv = containerEnv(objects, api.spec.containers[0]!, {});
      expect(apiEnv.METRICS_HOST, `${name}: api`).toBe('0.0.0.0');
    }
  });

  it('sets only variables the code reads', () => {
    const read = ['api/main.ts', 'worker/main.ts', 'db/migrate-main.ts', 'db/temporal-connection.ts', 'db/sync-config.ts', 'api/oauth-config.ts'].map(source).join('\n');
    for (const objects of Object.values(rendered)) {
      const names = new Set<string>(Object.keys((find(objects, 'ConfigMap', 'audit-integrations-config') as unknown as { data: object }).data));
      for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) for (const v of template(o).spec.containers[0]!.env ?? []) names.add(v.name);
      for (const name of names) expect(read, `${name} is read by an entrypoint`).toMatch(new RegExp(`\\b${name}\\b`));
    }
  });

  it('gives the grace period the code needs: preStop + SHUTDOWN_TIMEOUT_MS + pool close (API), SHUTDOWN_GRACE_MS + pool close (worker)', () => {
    for (const objects of Object.values(rendered)) {
      const api = template(find(objects, 'Deployment', 'audit-integrations-api'));
      const apiEnv = containerEnv(objects, api.spec.containers[0]!, {});
      const preStop = Number(api.spec.containers[0]!.lifecycle!.preStop!.exec.command.join(' ').match(/^sleep (\d+)$/)![1]);
      expect(api.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(preStop + Number(apiEnv.SHUTDOWN_TIMEOUT_MS) / 1000 + sqlEndTimeout('api/main.ts'));
      const worker = template(find(objects, 'Deployment', 'audit-integrations-worker'));
      const workerEnv = containerEnv(objects, worker.spec.containers[0]!, {});
      expect(worker.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(Number(workerEnv.SHUTDOWN_GRACE_MS) / 1000 + sqlEndTimeout('worker/main.ts'));
    }
  });

  describe('against the processes', () => {
    let db: TestDatabase;
    let pki: Pki;
    let api: RoleProcess | undefined;
    let worker: RoleProcess | undefined;
    const secrets = { DATABASE_URL: '', CREDENTIALS_KEY: randomBytes(32).toString('base64') };
    beforeAll(async () => {
      db = await createTestDatabase();
      secrets.DATABASE_URL = db.url;
      pki = createPki({ dns: ['temporal.test'] });
    });
    afterAll(async () => {
      await killIfRunning(api);
      await killIfRunning(worker);
      await db?.drop();
    });
    /** The Secret temporal-tls, as mounted: its files from a throwaway PKI. */
    const mounted = (env: Record<string, string>) => {
      const files: Record<string, string> = { 'tls.crt': pki.clientCert, 'tls.key': pki.clientKey, 'ca.crt': pki.caCert };
      return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.startsWith('/etc/temporal-tls/') ? files[v.slice('/etc/temporal-tls/'.length)]! : v]));
    };

    for (const overlay of ['base', 'self-hosted', 'temporal-cloud']) {
      it(`${overlay}: each entrypoint gets every variable it requires, and accepts the whole env`, async () => {
        const objects = rendered[overlay]!;
        for (const [kind, name, script] of [['Deployment', 'audit-integrations-api', 'api/main.ts'], ['Deployment', 'audit-integrations-worker', 'worker/main.ts'], ['Job', 'audit-integrations-migrate', 'db/migrate-main.ts']] as const) {
          const env = mounted(containerEnv(objects, template(find(objects, kind, name)).spec.containers[0]!, secrets));
          // Ports the test may bind, and a Temporal that answers nowhere: only configuration is under test here.
          const local = { ...env, ...(env.PORT ? { PORT: String(await freePort()), HOST: '127.0.0.1' } : {}), ...(env.WORKER_METRICS_PORT ? { WORKER_METRICS_PORT: '0', TEMPORAL_METRICS_PORT: '0' } : {}) };
          const required = await requiredVariables(script, local);
          expect(required).toContain('DATABASE_URL');
          expect(await configErrorOf(script, local)).toBeNull();
        }
      }, 90_000);
    }

    it('probes, ports and metrics annotations point where the processes serve them', async () => {
      const objects = rendered.base!;
      const apiPod = template(find(objects, 'Deployment', 'audit-integrations-api'));
      const apiC = apiPod.spec.containers[0]!;
      const apiEnv = containerEnv(objects, apiC, secrets);
      const portOf = (c: Container, p: string | number) => (typeof p === 'number' ? p : c.ports!.find((x) => x.name === p)!.containerPort);
      expect(portOf(apiC, apiC.readinessProbe!.httpGet.port)).toBe(Number(apiEnv.PORT));
      expect(Number(apiPod.metadata.annotations!['prometheus.io/port'])).toBe(Number(apiEnv.METRICS_PORT ?? apiEnv.PORT));
      const workerPod = template(find(objects, 'Deployment', 'audit-integrations-worker'));
      const workerC = workerPod.spec.containers[0]!;
      const workerEnv = containerEnv(objects, workerC, secrets);
      for (const probe of [workerC.readinessProbe!, workerC.livenessProbe!, workerC.startupProbe!]) expect(portOf(workerC, probe.httpGet.port)).toBe(Number(workerEnv.WORKER_METRICS_PORT));
      expect(Number(workerPod.metadata.annotations!['prometheus.io/port'])).toBe(Number(workerEnv.WORKER_METRICS_PORT));

      // Run both with the manifest's env (the container port mapped to a free local one) and call what the probes call.
      const apiPort = await freePort();
      // When /metrics has its own METRICS_PORT, it gets a free local port too.
      const metricsPort = apiEnv.METRICS_PORT ? await freePort() : apiPort;
      api = startRole(['--import', 'tsx', 'api/main.ts'], {
        ...apiEnv,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        PORT: String(apiPort),
        HOST: '127.0.0.1',
        ...(apiEnv.METRICS_PORT ? { METRICS_PORT: String(metricsPort) } : {}),
      });
      await api.waitForLog((l) => l.msg === 'api listening', 'api listening');
      for (const probe of [apiC.readinessProbe!, apiC.livenessProbe!]) expect((await fetch(`http://127.0.0.1:${apiPort}${probe.httpGet.path}`)).status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${metricsPort}${apiPod.metadata.annotations!['prometheus.io/path']}`)).text()).toMatch(/^# HELP/m);

      const workerPort = await freePort();
      worker = startRole(['--import', 'tsx', 'worker/main.ts'], {
        ...workerEnv,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_TASK_QUEUE: `k8s-${workerPort}`,
        WORKER_METRICS_PORT: String(workerPort),
        WORKER_METRICS_HOST: '127.0.0.1',
        WORKFLOW_BUNDLE: inject('workflowBundlePath'),
        PROVIDER_EGRESS_ALLOW: '127.0.0.0/8',
      });
      await worker.waitForLog((l) => l.msg === 'worker polling', 'worker polling', 90_000);
      for (const probe of [workerC.readinessProbe!, workerC.livenessProbe!]) {
        await expect.poll(async () => (await fetch(`http://127.0.0.1:${workerPort}${probe.httpGet.path}`)).status, { timeout: 20_000 }).toBe(200);
      }
      expect(await (await fetch(`http://127.0.0.1:${workerPort}${workerPod.metadata.annotations!['prometheus.io/path']}`)).text()).toMatch(/^# HELP/m);
    }, 150_000);
  });
});
