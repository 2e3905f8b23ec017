import { describe, expect, it } from 'vitest';
import { MAX_PROVIDER_TEXT, PROVIDER_TEXT_PATTERNS, sanitizeMessage } from '../../activities/errors.js';

describe('provider text: cut first, linear patterns, no control characters', () => {
  it('uses no pattern with a nested or repeated quantified group (the shape that backtracks catastrophically)', () => {
    for (const [name, re] of Object.entries(PROVIDER_TEXT_PATTERNS)) {
      // A group that contains a quantifier and is itself quantified: (a+)+, (?:x|y*)*, (a{2,})+ …
      expect(re.source, name).not.toMatch(/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{?]/);
      // Alternation branches under a quantifier can overlap too: no quantified group at all.
      expect(re.source, name).not.toMatch(/\)[+*{]/);
    }
  });

  it('sanitises 1 MiB of token-like text (eyJ-eyJ-…) at once: it only ever looks at the first KiB', () => {
    const hostile = 'eyJ-'.repeat(256 * 1024);
    const started = performance.now();
    const out = sanitizeMessage(hostile, ['some-secret']);
    // A guard against catastrophic backtracking (the old pattern took seconds to minutes here), not a timing claim.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out).not.toMatch(/eyJ-eyJ-eyJ-eyJ/);
  });

  it('keeps the provider short message, removes NUL and other control characters and invalid UTF-16', () => {
    expect(sanitizeMessage('Bad credentials')).toBe('Bad credentials');
    const out = sanitizeMessage('Bad\u0000 cred\u0007entials\u001b[31m\r\n\u009bnext \ud800half');
    expect(out).toBe('Bad cred entials [31m next \ufffdhalf');
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('redacts known secrets (also one straddling the cut) and token shapes, and caps the length', () => {
    const secret = 'S3cr3t-value-of-the-user-0123456789';
    const long = `${'x '.repeat((MAX_PROVIDER_TEXT - 10) / 2)}${secret} tail`;
    expect(sanitizeMessage(long, [secret])).not.toContain(secret.slice(0, 10));
    const tokens = [
      'ghp_abcdefghijklmnop0123',
      'glpat-abcdefghij0123456',
      'lin_api_abcdefghijklmnop',
      'ya29.a0AfH6SMBx0123456789',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      'Bearer abc.def',
      'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8',
    ];
    for (const t of tokens) expect(sanitizeMessage(`GitHub answered 401: ${t} is not valid`)).toBe('GitHub answered 401: [redacted] is not valid');
    expect(sanitizeMessage('y'.repeat(5000))).toHaveLength(300);
  });
});
