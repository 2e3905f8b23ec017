import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * `npm run build` step: bundles the workflows once, so a production worker (WORKFLOW_BUNDLE) starts without webpack.
 * Run compiled (dist/worker/bundle-workflows.js) it bundles the compiled workflows beside it; run with tsx, the sources.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const workflowsPath = ['index.js', 'index.ts'].map((f) => path.join(here, '..', 'workflows', f)).find((p) => existsSync(p));
// The OpenTelemetry workflow interceptors (workflows/tracing.ts): inert unless a start carries trace context.
const interceptorsPath = ['tracing.js', 'tracing.ts'].map((f) => path.join(here, '..', 'workflows', f)).find((p) => existsSync(p));
const out = path.resolve(process.argv[2] ?? path.join(here, '..', 'workflow-bundle.js'));

if (!workflowsPath || !interceptorsPath) {
  process.stderr.write(`no workflows/index.js or index.ts (and tracing.js or tracing.ts) next to ${here}\n`);
  process.exit(1);
}
const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: [interceptorsPath] });
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, code);
process.stdout.write(`workflow bundle: ${path.relative(process.cwd(), out)} (${Math.round(code.length / 1024)} KiB)\n`);
