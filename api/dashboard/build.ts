import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DASHBOARD_OUT_DIR = path.resolve(HERE, '../../dist/dashboard');

/**
 * Bundles the dashboard (one ES module, one stylesheet, content-hashed names) and writes index.html pointing at them.
 * Written to a sibling directory first and swapped in, so a running server never reads a half-written build.
 */
export async function buildDashboard(outDir = DASHBOARD_OUT_DIR): Promise<string[]> {
  const result = await build({
    entryPoints: { app: path.join(HERE, 'src/main.ts'), styles: path.join(HERE, 'styles.css') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    entryNames: '[name]-[hash]',
    outdir: outDir,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    tsconfig: path.join(HERE, 'tsconfig.json'),
  });
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  const names: Record<string, string> = {};
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    names[name.replace(/-[A-Z0-9]{8}\./, '.')] = name;
    await writeFile(path.join(tmp, name), file.contents);
  }
  const template = await readFile(path.join(HERE, 'index.html'), 'utf8');
  const html = template.replace(/\{\{([\w.]+)\}\}/g, (_, logical: string) => {
    const built = names[logical];
    if (!built) throw new Error(`dashboard build: index.html refers to ${logical}, which the build did not produce`);
    return built;
  });
  await writeFile(path.join(tmp, 'index.html'), html);
  await copyFile(path.join(HERE, 'favicon.svg'), path.join(tmp, 'favicon.svg'));
  await rm(outDir, { recursive: true, force: true });
  await rename(tmp, outDir);
  return ['index.html', 'favicon.svg', ...Object.values(names)];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await buildDashboard(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  console.log(`dashboard built: ${files.join(', ')}`);
}
