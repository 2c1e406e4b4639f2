import type { Knex } from 'knex';

/** Job kinds the runtime knows; each has a handler in jobHandlers.ts. */
export type JobKind =
  | 'task.remind'
  | 'task.urge'
  | 'task.supervise'
  | 'item.remind'
  | 'item.urge'
  | 'item.supervise'
  | 'case.remind'
  | 'case.urge'
  | 'case.supervise'
  | 'case.timer'
  /** A case letter or certificate to generate (documents/issueCaseDocument.ts). */
  | 'case.document'
  /** Daily: warn an admin from 1 November when next year's holiday notice is missing. */
  | 'calendar.check';

export interface JobRow {
  id: number;
  key: string;
  kind: JobKind;
  case_id: string | null;
  run_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Schedules a job under a unique key, in the caller's transaction. Scheduling the same key again
 * moves it (a deadline that changed), so scheduling is idempotent.
 */
export function scheduleJob(trx: Knex | Knex.Transaction, job: NewJob) {
  return scheduleJobs(trx, [job]);
}

/** A job to schedule under its unique key. */
export interface NewJob {
  key: string;
  kind: JobKind;
  caseId: string | null;
  runAt: string;
  payload?: Record<string, unknown>;
}

/** Schedules several jobs (distinct keys) in one statement, as {@link scheduleJob} does one. */
export function scheduleJobs(trx: Knex | Knex.Transaction, jobs: readonly NewJob[]) {
  return trx('jobs')
    .insert(
      jobs.map((job) => ({
        key: job.key,
        kind: job.kind,
        case_id: job.caseId,
        run_at: job.runAt,
        payload: JSON.stringify(job.payload ?? {}),
      })),
    )
    .onConflict('key')
    .merge(['run_at', 'payload', 'kind', 'case_id']);
}

/**
 * Jobs held back to be written with the command's audit events (caseEvents.ts: the command's
 * transaction holds both, {@link holdJobs}), one statement fewer per new step (issue 16).
 */
const heldJobs = new WeakMap<Knex | Knex.Transaction, NewJob[]>();

/** From now on, {@link scheduleJobsLater} on `trx` holds its jobs until {@link takeHeldJobs}. */
export function holdJobs(trx: Knex.Transaction): void {
  if (!heldJobs.has(trx)) heldJobs.set(trx, []);
}

/** The jobs `trx` held, to be written now; holds no more. */
export function takeHeldJobs(trx: Knex.Transaction): NewJob[] {
  const jobs = heldJobs.get(trx) ?? [];
  heldJobs.delete(trx);
  return jobs;
}

/**
 * {@link scheduleJobs}, or — in a transaction that holds its jobs — at the end of the command,
 * in its audit statement. A later cancel of the same keys in the transaction drops them.
 */
export async function scheduleJobsLater(trx: Knex.Transaction, jobs: readonly NewJob[]): Promise<void> {
  const held = heldJobs.get(trx);
  if (!held) {
    await scheduleJobs(trx, jobs);
    return;
  }
  // The same key again moves the job, as the upsert would.
  for (const job of jobs) {
    const at = held.findIndex((h) => h.key === job.key);
    if (at >= 0) held.splice(at, 1);
    held.push(job);
  }
}

/** Drops held jobs whose keys are in [from, to) (byte order, as the key-range delete). */
export function dropHeldJobs(trx: Knex | Knex.Transaction, from: string, to: string): void {
  const held = heldJobs.get(trx);
  if (!held?.length) return;
  const lower = Buffer.from(from);
  const upper = Buffer.from(to);
  const inRange = (key: string) => {
    const k = Buffer.from(key);
    return Buffer.compare(k, lower) >= 0 && Buffer.compare(k, upper) < 0;
  };
  heldJobs.set(
    trx,
    held.filter((job) => !inRange(job.key)),
  );
}

/** The insert of `jobs` as {@link scheduleJobs} writes them, for a statement that embeds it. */
export function jobsInsert(
  db: Knex | Knex.Transaction,
  jobs: readonly NewJob[],
): { sql: string; bindings: readonly Knex.Value[] } {
  const { sql, bindings } = scheduleJobs(db, jobs).toSQL();
  return { sql, bindings };
}

/**
 * The keys that start with `prefix`, as a half-open range in byte order: [prefix, prefix with its
 * last character one higher). UTF-8 byte order is code point order, so the range is exact.
 */
export function keyPrefixRange(prefix: string): [string, string] {
  if (!prefix) throw new Error('A job key prefix must not be empty');
  const last = prefix.codePointAt(prefix.length - 1)!;
  const head = prefix.slice(0, last > 0xffff ? -2 : -1);
  return [prefix, head + String.fromCodePoint(last + 1)];
}

/**
 * Removes every job whose key starts with `keyPrefix` (e.g. all jobs of a step when it completes).
 * Sent as a byte-order range (`~>=~` / `~<~`), which the `text_pattern_ops` unique index on `key`
 * serves under any database collation and in generic plans; a `LIKE 'prefix%'` under en_US or
 * zh_CN scans the whole table instead (issue 16: 709 ms per completion at 3.7 M jobs).
 */
export function cancelJobs(trx: Knex | Knex.Transaction, keyPrefix: string) {
  const [from, to] = keyPrefixRange(keyPrefix);
  dropHeldJobs(trx, from, to);
  return trx('jobs').whereRaw('key ~>=~ ? and key ~<~ ?', [from, to]).delete();
}
