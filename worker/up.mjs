// `npm run up`: `npm run setup`, then `npm start`, as one process that passes SIGTERM/SIGINT on.
//
// Why a file and not `npm run setup && npm start`: npm signals only its own child, here `sh -c`, which dies of SIGTERM
// (and waits out SIGINT) without passing either on: whatever it ran (npm ci, pip, or the whole stack) kept running. npm
// signals this process instead (the script `exec`s it). Plain JavaScript because it runs before `npm ci` installs tsx.
import { spawn } from 'node:child_process';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'];
// Setup is many processes deep (npm → sh → npm ci → install scripts; pip): it runs in its own process group, signalled
// as a whole, and whatever still runs this long after the signal is killed.
const SETUP_GRACE_MS = 8000;

/** @type {{ child: import('node:child_process').ChildProcess, group: boolean } | undefined} */
let current;
/** @type {NodeJS.Signals | undefined} */
let stopSignal;

/** @param {NodeJS.Signals} signal */
function signalCurrent(signal) {
  if (!current || current.child.pid === undefined) return;
  try {
    // The setup group's leader may be gone while members linger: the group is signalled either way.
    process.kill(current.group ? -current.child.pid : current.child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** @param {number} pgid */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {string[]} args
 * @param {boolean} group
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null }>}
 */
function npm(args, group) {
  return new Promise((resolve) => {
    // detached: a new process group (and session) led by npm, so one kill reaches every process setup starts.
    const child = spawn('npm', args, { stdio: 'inherit', detached: group });
    current = { child, group };
    child.once('error', (err) => {
      console.error(`npm run up: could not run npm ${args.join(' ')}: ${err.message}`);
      resolve({ code: 1, signal: null });
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/** Resolves once no process of the group is left, killing what remains after the grace period. @param {number} pgid */
async function groupGone(pgid) {
  const deadline = Date.now() + SETUP_GRACE_MS;
  while (groupAlive(pgid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Ends as the child did: of its signal (npm and shells read that as "stopped"), else with its exit code. */
function exitAs(/** @type {number | null} */ code, /** @type {NodeJS.Signals | null | undefined} */ signal) {
  if (signal) {
    for (const s of STOP_SIGNALS) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
}

for (const signal of STOP_SIGNALS) {
  process.on(signal, () => {
    stopSignal ??= signal;
    signalCurrent(signal);
  });
}
// If npm is killed without a signal for us (SIGKILL), we are reparented: stop rather than leave the stack orphaned.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart && !stopSignal) {
    stopSignal = 'SIGTERM';
    signalCurrent('SIGTERM');
  }
}, 1000).unref();

const setup = await npm(['run', 'setup'], true);
if (stopSignal || setup.code !== 0) {
  const pgid = current?.child.pid;
  if (pgid !== undefined) await groupGone(pgid);
  exitAs(setup.code, stopSignal ?? setup.signal);
} else {
  // Not a group: `npm start`'s launcher stops its own children in order (API and worker, then Temporal, then Postgres).
  const start = await npm(['start'], false);
  exitAs(start.code, start.signal);
}
