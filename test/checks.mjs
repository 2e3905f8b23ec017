// `npm test`'s static checks: every TypeScript project and oxlint, as many at once as there are cores (each is
// one single-threaded process; one after another they took about 70 s of `npm test` on 2 cores). Each one's output is
// printed whole when it ends, so interleaved runs stay readable; the exit code is 1 when any failed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

// The commands of `npm run typecheck` and `npm run lint` (each joined by &&), read from package.json: one list to keep.
const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const CHECKS = [...scripts.typecheck.split(' && '), ...scripts.lint.split(' && ')].map((command) => command.trim().split(/\s+/));
// The slowest first, so the short ones fill in beside it.
CHECKS.sort((a, b) => Number(b.includes('.')) - Number(a.includes('.')));

function run(args) {
  return new Promise((resolve) => {
    const started = Date.now();
    // The package's own bin, not `npx --no-install` (which loads npm first: about 0.3 s of CPU per check); `node <file>`
    // with this very node.
    const [bin, ...rest] = args;
    const command = bin === 'node' ? process.execPath : fileURLToPath(new URL(`../node_modules/.bin/${bin}`, import.meta.url));
    const child = spawn(command, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('close', (code) => {
      const took = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${code === 0 ? 'ok  ' : 'FAIL'} ${args.join(' ')} (${took} s)\n${output}`);
      resolve(code === 0);
    });
  });
}

const queue = [...CHECKS];
const lanes = Array.from({ length: Math.min(queue.length, Math.max(1, availableParallelism())) }, async () => {
  let ok = true;
  while (queue.length > 0) ok = (await run(queue.shift())) && ok;
  return ok;
});
process.exit((await Promise.all(lanes)).every(Boolean) ? 0 : 1);
