/**
 * Exit codes, documented in docs/cli.md, so a script can tell "try again later" from "fix the command" from "fix the
 * key" without parsing text.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, timeout: 3, auth: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command line itself is wrong (unknown flag, missing argument, a secret given as a plain value): exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** The command whose usage to print after the message (undefined: the command list). */
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

/** The call worked but the operation did not (verify found problems): exit 1 with `code: message` on stderr. */
export class OperationFailed extends Error {
  override name = 'OperationFailed';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** What the SDK's AuditApiError carries; matched structurally so this module needs no import of the client. */
interface ApiErrorLike {
  status: number;
  code: string;
  message: string;
  requestId: string | null;
}

function isApiError(err: unknown): err is ApiErrorLike {
  return err instanceof Error && typeof (err as Partial<ApiErrorLike>).status === 'number' && typeof (err as Partial<ApiErrorLike>).code === 'string';
}

/**
 * The exit code and the one stderr line for a failure. The server's messages never quote submitted values, and the
 * CLI's own messages name fields and variables only, so nothing here can print a credential.
 */
export function describeFailure(err: unknown): { code: ExitCode; line: string } {
  if (err instanceof UsageError) return { code: EXIT.usage, line: `error: ${err.message}` };
  if (err instanceof OperationFailed) return { code: EXIT.failed, line: `error: ${err.code}: ${err.message}` };
  if (isApiError(err)) {
    const where = err.requestId ? ` (request ${err.requestId})` : '';
    const line = `error: ${err.code}: ${err.message}${where}`;
    if (err.status === 401 || err.status === 403) return { code: EXIT.auth, line };
    if (err.status === 0 && err.code === 'timeout') return { code: EXIT.timeout, line };
    return { code: EXIT.failed, line };
  }
  // A bug of the CLI: the message only (a stack trace helps nobody who scripts against it), exit 1.
  return { code: EXIT.failed, line: `error: ${err instanceof Error ? err.message : String(err)}` };
}
