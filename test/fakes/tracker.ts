import type { IssueState } from './fake-server.js';

/** One issue as an issue tracker keeps it; each fake presents it in its provider's own shape. */
export interface TrackedIssue {
  /** The per-project number the tracker shows (GitHub's `number`, GitLab's `iid`). */
  number: number;
  title: string;
  text: string | null;
  state: IssueState;
  created_at: string;
  updated_at: string;
  deleted: boolean;
}

/**
 * The issues of one project of a tracker fake: strictly increasing timestamps (so "newest first" is well defined
 * within one millisecond), newest-first listing, and the hooks the shared tracker tests use (FakeTracker).
 */
export function createIssueStore<X extends object = object>(fill: () => X = () => ({}) as X) {
  const all: (TrackedIssue & X)[] = [];
  let clock = Date.now();
  const stamp = () => new Date((clock = Math.max(clock + 1, Date.now()))).toISOString();
  const add = (title: string, text: string | null, extra: Partial<X> = {}): TrackedIssue & X => {
    const now = stamp();
    const issue = { ...fill(), ...extra, number: all.length + 1, title, text, state: 'open' as IssueState, created_at: now, updated_at: now, deleted: false };
    all.push(issue);
    return issue;
  };
  /** Any issue ever created, deleted ones included: trackers answer a deleted issue differently from an unknown one. */
  const get = (number: number): (TrackedIssue & X) | undefined => all[number - 1];
  const update = (issue: TrackedIssue, state: IssueState) => {
    issue.state = state;
    issue.updated_at = stamp();
  };
  return {
    stamp,
    add,
    get,
    /** Live issues matching `keep`, newest created first. */
    newestFirst: (keep: (i: TrackedIssue & X) => boolean) => all.filter((i) => !i.deleted && keep(i)).sort((a, b) => b.created_at.localeCompare(a.created_at)),
    update,
    /** FakeTracker's view: which issues exist, by the id our tasks record. */
    hooks() {
      return {
        issues: () => all.filter((i) => !i.deleted).map((i) => ({ externalId: String(i.number), text: i.text ?? '', state: i.state })),
        setState: (externalId: string, state: IssueState) => update(get(Number(externalId))!, state),
        removeIssue(externalId: string) {
          get(Number(externalId))!.deleted = true;
        },
        addIssue(text = 'filed by someone else') {
          return String(add('Other issue', text).number);
        },
      };
    },
  };
}

/** RFC 8288 Link header of page-number pagination: next and last while there are more pages, first after page 1. */
export function pageLinks(url: string, query: URLSearchParams, page: number, last: number): string {
  const link = (p: number) => {
    const q = new URLSearchParams(query);
    q.set('page', String(p));
    return `<${url}?${q}>`;
  };
  return [...(page < last ? [`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`] : []), ...(page > 1 ? [`${link(1)}; rel="first"`] : [])].join(', ');
}
