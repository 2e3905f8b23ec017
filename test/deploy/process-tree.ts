import { readdirSync, readFileSync } from 'node:fs';

/** A process as /proc shows it. `start` (clock ticks since boot) tells it apart from a later process given its pid. */
export interface Proc {
  pid: number;
  ppid: number;
  state: string;
  start: string;
  cmd: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after `(comm)`, which may itself hold spaces and parentheses: state, ppid, … starttime (field 22).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(fields[1]), state: fields[0]!, start: fields[19]!, cmd };
  } catch {
    return undefined;
  }
}

function allProcs(): Proc[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map((e) => readProc(Number(e)))
    .filter((p): p is Proc => p !== undefined);
}

/** `root` and every process below it, now. */
export function processTree(root: number): Proc[] {
  const procs = allProcs();
  const tree = procs.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...procs.filter((p) => p.ppid === tree[i]!.pid));
  return tree;
}

/** Still running: same pid and start time, and not a zombie (exited, waiting to be reaped). */
export function running(p: Proc): boolean {
  const now = readProc(p.pid);
  return now !== undefined && now.start === p.start && now.state !== 'Z' && now.state !== 'X';
}

/** Pids of every process whose environment carries the marker, whoever its parent is now. */
export function processesWithEnv(name: string, value: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`${name}=${value}`)) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}
