import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { GENERATED_PATH, generateOpenApiTypes } from '../../api/sdk/generate.js';

const SDK = path.resolve(import.meta.dirname, '../../api/sdk');
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;

describe('api/sdk (the @audit-integrations/client package)', () => {
  it('commits src/openapi.ts exactly as a fresh generation from the OpenAPI document writes it', async () => {
    const committed = await readFile(GENERATED_PATH, 'utf8');
    const fresh = await generateOpenApiTypes();
    expect(committed === fresh, 'api/sdk/src/openapi.ts is stale: run `npm run sdk:generate` and commit the result').toBe(true);
    expect(committed).toMatch(/^\/\*\*\n \* Generated from the service's own OpenAPI document[^]*npm run sdk:generate/);
  });

  it('generates the same text twice (stable order and formatting)', async () => {
    expect(await generateOpenApiTypes()).toBe(await generateOpenApiTypes());
  });

  it('is a package of its own: version of the service, openapi-fetch its only dependency, at the service’s version', async () => {
    const [pkg, root] = await Promise.all([readJson(path.join(SDK, 'package.json')), readJson(path.resolve(SDK, '../../package.json'))]);
    expect(pkg).toMatchObject({ name: '@audit-integrations/client', version: root.version, type: 'module' });
    expect(pkg.dependencies).toEqual({ 'openapi-fetch': (root.dependencies as Record<string, string>)['openapi-fetch'] });
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'README.md']));
  });

  it('imports nothing but its own modules and openapi-fetch (no server code, no Node builtins)', async () => {
    const files = (await readdir(path.join(SDK, 'src'))).filter((f) => f.endsWith('.ts'));
    expect(files).toEqual(expect.arrayContaining(['index.ts', 'openapi.ts', 'client.ts']));
    const imports = new Set<string>();
    for (const file of files) {
      const info = ts.preProcessFile(await readFile(path.join(SDK, 'src', file), 'utf8'), true, true);
      for (const ref of info.importedFiles) imports.add(ref.fileName);
    }
    const foreign = [...imports].filter((name) => !/^\.\/[\w-]+\.js$/.test(name) && name !== 'openapi-fetch');
    expect(foreign).toEqual([]);
    expect(imports).toContain('openapi-fetch');
  });
});
