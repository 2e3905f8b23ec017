import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../openapi/document.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const GENERATED_PATH = path.join(HERE, 'src/openapi.ts');

const HEADER = `/**
 * Generated from the service's own OpenAPI document (api/openapi/document.ts) by openapi-typescript.
 * Do not edit: run \`npm run sdk:generate\` (api/sdk/generate.ts) after changing a route or its schemas.
 * test/sdk/generated.test.ts fails while this file differs from a fresh generation.
 */

`;

/**
 * The SDK's types, from the document the server serves at /api/v1/openapi.json. Built in memory (no server, no
 * network) and printed by the TypeScript printer, so the same document always gives byte-identical text.
 */
export async function generateOpenApiTypes(): Promise<string> {
  // The document is built by zod-to-openapi; openapi-typescript's own OpenAPI3 type is the same shape, spelt apart.
  const ast = await openapiTS(structuredClone(openApiDocument()) as Parameters<typeof openapiTS>[0], { silent: true });
  return `${HEADER}${astToString(ast).trimEnd()}\n`;
}

/** True when the committed file equals a fresh generation. */
export async function generatedIsCurrent(): Promise<boolean> {
  const [fresh, committed] = await Promise.all([generateOpenApiTypes(), readFile(GENERATED_PATH, 'utf8').catch(() => '')]);
  return fresh === committed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(GENERATED_PATH, await generateOpenApiTypes());
  console.log(`written ${path.relative(process.cwd(), GENERATED_PATH)}`);
}
