import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(HERE, '../../dist');

/**
 * The browser apps served by the API: the dashboard (api/dashboard, /dashboard) and the hosted connect page
 * (api/connect, /connect). Each folder has index.html, styles.css, src/main.ts and its own tsconfig.json; they share the
 * dashboard's favicon. `npm run build:dashboard` (postinstall, `npm run build`) builds both.
 */
const APPS = {
  dashboard: path.resolve(HERE),
  connect: path.resolve(HERE, '../connect'),
} as const;
export type WebApp = keyof typeof APPS;

export const DASHBOARD_OUT_DIR = path.join(DIST, 'dashboard');
export const CONNECT_OUT_DIR = path.join(DIST, 'connect');

/**
 * Bundles one app (one ES module, one stylesheet, content-hashed names) and writes index.html pointing at them.
 * Written to a sibling directory first and swapped in, so a running server never reads a half-written build.
 */
export async function buildWebApp(app: WebApp, outDir = path.join(DIST, app)): Promise<string[]> {
  const src = APPS[app];
  const result = await build({
    entryPoints: { app: path.join(src, 'src/main.ts'), styles: path.join(src, 'styles.css') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    entryNames: '[name]-[hash]',
    outdir: outDir,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    tsconfig: path.join(src, 'tsconfig.json'),
  });
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  const names: Record<string, string> = {};
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    names[name.replace(/-[A-Z0-9]{8}\./, '.')] = name;
    await writeFile(path.join(tmp, name), file.contents);
  }
  const template = await readFile(path.join(src, 'index.html'), 'utf8');
  const html = template.replace(/\{\{([\w.]+)\}\}/g, (_, logical: string) => {
    const built = names[logical];
    if (!built) throw new Error(`${app} build: index.html refers to ${logical}, which the build did not produce`);
    return built;
  });
  await writeFile(path.join(tmp, 'index.html'), html);
  await copyFile(path.join(HERE, 'favicon.svg'), path.join(tmp, 'favicon.svg'));
  await rm(outDir, { recursive: true, force: true });
  await rename(tmp, outDir);
  return ['index.html', 'favicon.svg', ...Object.values(names)];
}

export const buildDashboard = (outDir = DASHBOARD_OUT_DIR) => buildWebApp('dashboard', outDir);
export const buildConnectPage = (outDir = CONNECT_OUT_DIR) => buildWebApp('connect', outDir);

// `node build.ts [root]`: both apps, into dist/ or into <root>/dashboard and <root>/connect.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ? path.resolve(process.argv[2]) : DIST;
  for (const app of Object.keys(APPS) as WebApp[]) {
    const files = await buildWebApp(app, path.join(root, app));
    console.log(`${app} built: ${files.join(', ')}`);
  }
}
