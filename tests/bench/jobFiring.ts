/**
 * Job firing rate (issue 16, acceptance 4): how fast one worker clears 10 000 due jobs, each
 * exactly once. `npm run bench -- --jobs` (or `tsx tests/bench/jobFiring.ts`); a figure to report,
 * never a timed unit test.
 *
 * The jobs are the runtime's own, on real rows: one case is filed and accepted through the API,
 * then cloned in SQL (case + its open step) until there are enough; each clone gets the step's
 * reminder (提醒) and 催办 and the case's reminder, all due. Firing them appends an audit event per
 * job and each 催办 schedules its 督办, as in production.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { dropDatabase, ensureDatabaseExists, resolveDatabase, withDatabase } from '@yijian/db';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { runDueJobs, startServer } from '@yijian/runtime-api';
import type { Knex } from 'knex';
import pino from 'pino';

export interface JobFiringResult {
  jobs: number;
  seconds: number;
  perSecond: number;
  batchSize: number;
  concurrency: number;
  /** CPU seconds this (the worker's) process used while firing: the rest is the database's. */
  workerCpuSeconds: number;
  exactlyOnce: boolean;
}

/** Columns of `table` but the given ones, quoted, for an `insert … select` that clones rows. */
async function columnsExcept(knex: Knex, table: string, except: string[]): Promise<string[]> {
  const rows = await knex('information_schema.columns')
    .where({ table_schema: 'public', table_name: table })
    .orderBy('ordinal_position')
    .pluck('column_name');
  return (rows as string[]).filter((c) => !except.includes(c)).map((c) => `"${c}"`);
}

/** Fires `jobs` due jobs (rounded up to a multiple of 3) with one worker and times it. */
export async function jobFiringRate(
  options: { jobs?: number; batchSize?: number; concurrency?: number; say?: (line: string) => void } = {},
): Promise<JobFiringResult> {
  const say = options.say ?? (() => {});
  const clones = Math.ceil((options.jobs ?? 10_000) / 3);
  const batchSize = options.batchSize ?? 250;
  const concurrency = options.concurrency ?? 4;
  const database = await resolveDatabase();
  const name = `yj_bench_jobs_${randomBytes(4).toString('hex')}`;
  await ensureDatabaseExists(database.url, name);
  const server = await startServer({
    databaseUrl: withDatabase(database.url, name),
    log: pino({ level: 'silent' }),
    // The bench logs in as the demo accounts (off by default since the security work).
    demoUsers: true,
  });
  const knex = server.knex;
  try {
    // One real case in progress, with its open step.
    const applicant = await new ApiClient(server.url).login('zhangsan');
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    const admin = await new ApiClient(server.url).login('admin');
    const intake = (await admin.get(`/api/cases/${filed.body.id}`)).body.tasks.find(
      (t: { kind: string }) => t.kind === 'intake',
    );
    const clerk = await new ApiClient(server.url).login(`${intake.departmentId}.clerk`);
    await clerk.post(`/api/tasks/${intake.id}/intake`, { decision: 'accept' });
    const step = await knex('tasks')
      .where({ case_id: filed.body.id, kind: 'step', status: 'open' })
      .first('id');

    say(`  cloning ${clones} cases with their open step and 3 due jobs each…`);
    const caseColumns = await columnsExcept(knex, 'cases', ['id', 'case_number']);
    const taskColumns = await columnsExcept(knex, 'tasks', ['id', 'case_id']);
    await knex.transaction(async (trx) => {
      await trx.raw(
        'create temp table clones on commit drop as select g, gen_random_uuid() as case_id, gen_random_uuid() as task_id from generate_series(1, ?) g',
        [clones],
      );
      await trx.raw(
        `insert into cases (id, case_number, ${caseColumns.join(', ')})
         select cl.case_id, 'BENCH' || lpad(cl.g::text, 8, '0'), ${caseColumns.map((c) => `c.${c}`).join(', ')}
           from cases c, clones cl where c.id = ?`,
        [filed.body.id],
      );
      await trx.raw(
        `insert into tasks (id, case_id, ${taskColumns.join(', ')})
         select cl.task_id, cl.case_id, ${taskColumns.map((c) => `t.${c}`).join(', ')}
           from tasks t, clones cl where t.id = ?`,
        [step.id],
      );
      await trx.raw(
        `insert into jobs (key, kind, case_id, run_at, payload)
         select 'task:' || task_id || ':remind', 'task.remind', case_id, now() - interval '1 minute', jsonb_build_object('taskId', task_id) from clones
         union all
         select 'task:' || task_id || ':urge', 'task.urge', case_id, now() - interval '1 minute', jsonb_build_object('taskId', task_id) from clones
         union all
         select 'case:' || case_id || ':deadline:remind', 'case.remind', case_id, now() - interval '1 minute', '{}'::jsonb from clones`,
      );
    });
    await knex.raw('analyze');
    const due = (await knex('jobs').where('run_at', '<=', knex.fn.now()).count({ n: '*' }).first())!
      .n as number;
    say(`  ${due} jobs due; one worker, ${batchSize} per batch, ${concurrency} batches at once…`);

    const profile = process.env.BENCH_PROFILE ? profileQueries(knex) : null;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const ran = await runDueJobs(server.ctx, { batchSize, concurrency });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const workerCpuSeconds = (used.user + used.system) / 1e6;
    profile?.print(say);

    // Exactly once: one audit event per cloned job (the template case's own due jobs, such as its
    // 受理通知书, fire too but log no reminder), no due job left, one 督办 per 催办.
    const events = await knex('case_events as e')
      .join('cases as c', 'c.id', 'e.case_id')
      .where('c.case_number', 'like', 'BENCH%')
      .whereIn('e.type', ['task.reminded', 'task.urged', 'case.reminded'])
      .count({ n: '*' })
      .first();
    const left = await knex('jobs').where('run_at', '<=', knex.fn.now()).count({ n: '*' }).first();
    const supervise = await knex('jobs').where({ kind: 'task.supervise' }).count({ n: '*' }).first();
    // Each fired job moved once to the partitioned history (migration 019).
    const finished = await knex('finished_jobs').count({ n: '*' }).first();
    const exactlyOnce =
      ran === due &&
      Number(events!.n) === clones * 3 &&
      Number(left!.n) === 0 &&
      Number(supervise!.n) === clones &&
      Number(finished!.n) === ran;
    return {
      jobs: ran,
      seconds,
      perSecond: ran / seconds,
      batchSize,
      concurrency,
      workerCpuSeconds,
      exactlyOnce,
    };
  } finally {
    await server.close();
    await dropDatabase(database.url, name);
    await database.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await jobFiringRate({
    jobs: Number(process.env.BENCH_JOBS ?? 10_000),
    batchSize: Number(process.env.BENCH_JOB_BATCH ?? 250),
    concurrency: Number(process.env.BENCH_JOB_CONCURRENCY ?? 4),
    say: console.log,
  });
  console.log(formatJobFiring(result));
}

/** BENCH_PROFILE=1: where the sweep's time goes, per statement shape. */
function profileQueries(knex: Knex) {
  const started = new Map<string, number>();
  const totals = new Map<string, { n: number; ms: number }>();
  knex.on('query', (q: { __knexQueryUid: string }) => started.set(q.__knexQueryUid, performance.now()));
  knex.on('query-response', (_r: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const t = started.get(q.__knexQueryUid);
    if (t === undefined) return;
    const shape = q.sql.replace(/\s+/g, ' ').slice(0, 90);
    const total = totals.get(shape) ?? { n: 0, ms: 0 };
    total.n += 1;
    total.ms += performance.now() - t;
    totals.set(shape, total);
  });
  return {
    print(say: (line: string) => void) {
      for (const [shape, t] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
        say(`    ${t.ms.toFixed(0).padStart(6)} ms ${String(t.n).padStart(6)}× ${shape}`);
    },
  };
}

/** One line for the bench report. */
export function formatJobFiring(r: JobFiringResult): string {
  return `  ${r.jobs} due jobs fired in ${r.seconds.toFixed(2)} s on one worker (${r.perSecond.toFixed(0)}/s, batch ${r.batchSize} × ${r.concurrency} at once; worker CPU ${r.workerCpuSeconds.toFixed(1)} s); exactly once: ${r.exactlyOnce ? 'yes' : 'NO'} (target: 10 000 within 10 s)`;
}
