import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The subset of kustomize that worker/k8s uses, so tests render the manifests without kubectl: `resources` (files and
 * directories), `labels` (metadata labels only, kustomize's default without includeSelectors), `images`
 * (newName/newTag), `namespace`, and `patches` given as strategic-merge files. Strategic merge follows Kubernetes'
 * merge keys for the lists used here (containers, env, volumes, ports by name; volumeMounts by mountPath); other lists
 * are replaced. `kubectl kustomize worker/k8s/overlays/<name>` gives the same objects; anything outside this subset
 * throws, so an overlay cannot silently use a feature the tests ignore.
 */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: unknown };

interface Kustomization {
  resources?: string[];
  labels?: { pairs: Record<string, string> }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  namespace?: string;
  patches?: { path: string }[];
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'labels', 'images', 'namespace', 'patches']);
const MERGE_KEYS: Record<string, string> = { containers: 'name', initContainers: 'name', env: 'name', volumes: 'name', ports: 'name', volumeMounts: 'mountPath' };

function readYaml(file: string): K8sObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors[0]!.message}`);
    return d.toJS() as K8sObject;
  }).filter(Boolean);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function strategicMerge(base: unknown, patch: unknown, field = ''): unknown {
  if (isObject(base) && isObject(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = v === null ? undefined : k in base ? strategicMerge(base[k], v, k) : v;
    return out;
  }
  const key = MERGE_KEYS[field];
  if (key && Array.isArray(base) && Array.isArray(patch)) {
    const out = [...(base as Record<string, unknown>[])];
    for (const item of patch as Record<string, unknown>[]) {
      const at = out.findIndex((b) => b[key] === item[key]);
      if (at === -1) out.push(item);
      else out[at] = strategicMerge(out[at], item) as Record<string, unknown>;
    }
    return out;
  }
  return patch;
}

function containersOf(obj: K8sObject): { image?: string }[] {
  const spec = (obj.spec ?? {}) as { template?: { spec?: { containers?: { image?: string }[] } } };
  return spec.template?.spec?.containers ?? [];
}

export function renderKustomization(dir: string): K8sObject[] {
  const k = readYaml(path.join(dir, 'kustomization.yaml'))[0] as unknown as Kustomization;
  for (const field of Object.keys(k)) if (!SUPPORTED.has(field)) throw new Error(`${dir}: kustomization field ${field} is not supported by the test renderer`);
  let objects: K8sObject[] = [];
  for (const r of k.resources ?? []) {
    const p = path.join(dir, r);
    objects.push(...(statSync(p).isDirectory() ? renderKustomization(p) : readYaml(p)));
  }
  for (const { path: file } of k.patches ?? []) {
    for (const patch of readYaml(path.join(dir, file))) {
      const at = objects.findIndex((o) => o.kind === patch.kind && o.metadata.name === patch.metadata.name);
      if (at === -1) throw new Error(`${dir}/${file}: no ${patch.kind} ${patch.metadata.name} to patch`);
      objects[at] = strategicMerge(objects[at], patch) as K8sObject;
    }
  }
  objects = objects.map((o) => {
    const labels = Object.assign({}, o.metadata.labels, ...(k.labels ?? []).map((l) => l.pairs)) as Record<string, string>;
    return { ...o, metadata: { ...o.metadata, ...(Object.keys(labels).length ? { labels } : {}), ...(k.namespace ? { namespace: k.namespace } : {}) } };
  });
  for (const image of k.images ?? []) {
    for (const o of objects) {
      for (const c of containersOf(o)) {
        const [name, tag] = (c.image ?? '').split(':');
        if (name !== image.name) continue;
        c.image = `${image.newName ?? name}:${image.newTag ?? tag ?? 'latest'}`;
      }
    }
  }
  return JSON.parse(JSON.stringify(objects)) as K8sObject[];
}
