import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import autocannon, { type Result } from 'autocannon';
import { percentile, type DurationResult, type DurationSpec, type ListResult, type ListSpec, type LoadRequest, type LoadSpec } from './load-types.js';

/**
 * The load generator, run as its own process so it never shares an event loop with what it measures:
 * `node --import tsx test/bench/load.ts <spec.json> <result.json>`.
 */
function rawRequest(r: LoadRequest): { method: string; path: string; headers: Record<string, string>; body?: string } {
  const headers: Record<string, string> = { authorization: `Bearer ${r.token}` };
  if (r.body !== undefined) headers['content-type'] = 'application/json';
  return { method: r.method, path: r.path, headers, ...(r.body !== undefined ? { body: r.body } : {}) };
}

function cannon(spec: DurationSpec, seconds: number, next: () => LoadRequest, onLatency?: (ms: number) => void): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: seconds,
        timeout: 30,
        // Every request of every connection takes the next entry of one shared rotation: spread over orgs and projects.
        requests: [{ setupRequest: (req) => ({ ...req, ...rawRequest(next()) }) }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    // autocannon's own histogram has whole-millisecond resolution; keep the exact response times of the 2xx.
    if (onLatency) instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => status < 300 && onLatency(ms));
  });
}

async function runDuration(spec: DurationSpec): Promise<DurationResult> {
  let i = 0;
  const next = () => spec.requests[i++ % spec.requests.length]!;
  if (spec.warmupSec > 0) await cannon(spec, spec.warmupSec, next);
  const latencies: number[] = [];
  const perSecond: number[] = [];
  const t0 = performance.now();
  const result = await cannon(spec, spec.durationSec, next, (ms) => {
    latencies.push(ms);
    const s = Math.floor((performance.now() - t0) / 1000);
    perSecond[s] = (perSecond[s] ?? 0) + 1;
  });
  latencies.sort((a, b) => a - b);
  const statusCounts = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
  return {
    rps: latencies.length / result.duration,
    ok: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    meanMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    durationSec: result.duration,
    statusCounts,
    perSecond: Array.from(perSecond, (n) => n ?? 0),
  };
}

async function runList(spec: ListSpec): Promise<ListResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const out: ListResult = { sentAt: [], status: [], latencyMs: [] };
  let next = 0;
  const one = (r: LoadRequest, idx: number) =>
    new Promise<void>((resolve) => {
      const raw = rawRequest(r);
      const started = performance.now();
      out.sentAt[idx] = performance.timeOrigin + started;
      const req = http.request(new URL(raw.path, spec.url), { method: raw.method, headers: raw.headers, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          out.status[idx] = res.statusCode ?? 0;
          out.latencyMs[idx] = performance.now() - started;
          resolve();
        });
      });
      req.on('error', () => {
        out.status[idx] = 0;
        out.latencyMs[idx] = performance.now() - started;
        resolve();
      });
      req.end(raw.body);
    });
  const lane = async () => {
    while (next < spec.requests.length) {
      const idx = next++;
      await one(spec.requests[idx]!, idx);
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, lane));
  agent.destroy();
  return out;
}

const [specPath, resultPath] = process.argv.slice(2);
if (!specPath || !resultPath) throw new Error('usage: load.ts <spec.json> <result.json>');
const spec = JSON.parse(await readFile(specPath, 'utf8')) as LoadSpec;
const result = spec.mode === 'duration' ? await runDuration(spec) : await runList(spec);
await writeFile(resultPath, JSON.stringify(result));
