import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { entryBundle } from '../helpers/entry-bundle.js';
import { PROJECT_ROOT } from '../helpers/services.js';

const VALID = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  CREDENTIALS_KEY: Buffer.alloc(32, 7).toString('base64'),
};

function run(script: string, env: Record<string, string | undefined>) {
  const clean = { PATH: process.env.PATH, HOME: process.env.HOME };
  const res = spawnSync(process.execPath, [entryBundle(script)], { cwd: PROJECT_ROOT, env: { ...clean, ...env } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 30_000 });
  return { code: res.status, stderr: res.stderr };
}

describe('entrypoint configuration', () => {
  for (const script of ['api/main.ts', 'worker/main.ts']) {
    it(`${script}: a bad CREDENTIALS_KEY exits 1 naming the variable`, () => {
      const r = run(script, { ...VALID, CREDENTIALS_KEY: 'c2hvcnQ=' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('CREDENTIALS_KEY');
      expect(r.stderr).not.toContain('c2hvcnQ=');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });

    it(`${script}: refuses to start without CREDENTIALS_KEY`, () => {
      const r = run(script, { ...VALID, CREDENTIALS_KEY: undefined });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('CREDENTIALS_KEY');
    });

    it(`${script}: requires DATABASE_URL`, () => {
      const r = run(script, { ...VALID, DATABASE_URL: undefined });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('DATABASE_URL');
    });
  }

  it('api/main.ts: a bad PORT exits 1 naming the variable', () => {
    const r = run('api/main.ts', { ...VALID, PORT: 'eighty' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PORT');
  });

  it('api/main.ts: a malformed CREDENTIALS_KEYS entry exits 1 naming the variable', () => {
    const r = run('api/main.ts', { ...VALID, CREDENTIALS_KEY: undefined, CREDENTIALS_KEYS: 'k1:not-a-key' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('CREDENTIALS_KEYS');
  });
});
