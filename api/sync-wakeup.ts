/**
 * Tells the workers' sweeper that an integration became due at once (a connect, a resume) without calling Temporal:
 * a NOTIFY on db/sync-due.ts's channel after the change committed, debounced (db/debounced-notify.ts says why not in
 * the connect's own transaction). A lost trailing wake costs nothing: the periodic sweep starts those rows.
 */
export { createDebouncedNotify as createSweepWaker } from '../db/debounced-notify.js';
