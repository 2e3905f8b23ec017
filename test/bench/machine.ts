import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { promisify } from 'node:util';
import type { Sql } from '../../db/sql.js';

export interface MachineInfo {
  date: string;
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  postgres: string;
  temporalCli: string;
  loadAverageAtStart: number[];
}

export async function machineInfo(sql: Sql, temporalCli: string): Promise<MachineInfo> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const [row] = await sql<{ version: string }[]>`select version()`;
  const version = row?.version ?? 'unknown';
  const temporal = await promisify(execFile)(temporalCli, ['--version']).then((r) => r.stdout.trim(), () => 'unknown');
  return {
    date: new Date().toISOString(),
    cpu,
    cores: os.availableParallelism(),
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres: version,
    temporalCli: temporal,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
