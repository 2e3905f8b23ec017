// `npm test`: the static checks (test/checks.mjs: every tsc project and the lint) and vitest at the same time. The suite
// leaves about a third of the CPU idle while its files wait on Temporal, timers and child processes; the checks, at a
// lower priority, use that instead of running first on their own (about a minute on 2 cores). Vitest's output is live;
// the checks' report follows it. Arguments go to vitest. The exit code is 0 only when both passed.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';

const children = new Set();
function start(command, args, opts) {
  const child = spawn(command, args, opts);
  children.add(child);
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  void done.then(() => children.delete(child));
  return { child, done };
}

const checks = start(process.execPath, [fileURLToPath(new URL('./checks.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'pipe'] });
try {
  // Niceness 10: vitest's processes come first when both want a core.
  setPriority(checks.child.pid, 10);
} catch {
  // Not permitted here: the checks just compete on equal terms.
}
let report = '';
checks.child.stdout.on('data', (c) => (report += c));
checks.child.stderr.on('data', (c) => (report += c));

// Vitest's own bin, without npx in between (one process less to pass signals through).
const vitestBin = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
const vitest = start(process.execPath, [vitestBin, 'run', ...process.argv.slice(2)], { stdio: 'inherit' });

// A signal to `npm test` (exec'd into this process) stops both.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}

const [vitestCode, checksCode] = await Promise.all([vitest.done, checks.done]);
process.stdout.write(`\nstatic checks (test/checks.mjs):\n${report}`);
process.exit(vitestCode === 0 && checksCode === 0 ? 0 : 1);
