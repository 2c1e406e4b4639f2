import { spawn } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createKnex, repositoryRoot, withDatabase } from '@yijian/db';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { createContext, rearmFailedJob, runDueJobs, startJobWorker } from '@yijian/runtime-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer('job_sweepers');
});
afterAll(async () => {
  await server?.dispose();
});

/** A separate runtime node process sweeping until nothing is due; resolves with its count and log. */
function drainInAnotherProcess(databaseUrl: string): Promise<{ ran: number; log: string }> {
  const root = repositoryRoot();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'runtime-api/src/worker.ts', '--drain'],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', JOB_BATCH_SIZE: '50' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let log = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      log += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const lines = out.trim().split('\n');
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${log}${out}`));
      // Everything but the last line is the worker's own log (pino writes to stdout).
      resolve({ ran: JSON.parse(lines.at(-1)!).ran, log: log + lines.slice(0, -1).join('\n') });
    });
  });
}

const deadlocks = async (): Promise<number> => {
  const row = await server.knex.raw<{ rows: { deadlocks: number }[] }>(
    'select deadlocks from pg_stat_database where datname = current_database()',
  );
  return row.rows[0]!.deadlocks;
};

/** Files and accepts `count` restaurant cases; returns each case with its open step. */
async function acceptedCases(count: number): Promise<{ caseId: string; stepId: string }[]> {
  const applicant = await new ApiClient(server.url).login('zhangsan');
  const cases = [];
  for (let i = 0; i < count; i++) {
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    expect(filed.status).toBe(201);
    const accepted = await acceptAtWindow(server.url, filed.body.id);
    cases.push({
      caseId: filed.body.id as string,
      stepId: accepted.tasks.find((t: { kind: string }) => t.kind === 'step').id as string,
    });
  }
  return cases;
}

describe('Given 2,000 due jobs and two runtime processes sweeping them', () => {
  it('should fire each exactly once with no deadlock, while clerks complete steps of the same cases', async () => {
    // Given 20 cases in progress, each with 100 due reminders (提醒)
    const cases = await acceptedCases(20);
    const perCase = 100;
    await server.knex.batchInsert(
      'jobs',
      cases.flatMap(({ caseId }) =>
        Array.from({ length: perCase }, (_, n) => ({
          key: `case:${caseId}:sweep-test:${n}`,
          kind: 'case.remind',
          case_id: caseId,
          run_at: server.knex.raw("now() - interval '1 minute'"),
          payload: JSON.stringify({}),
        })),
      ),
      500,
    );
    // and each open step's own reminder and 催办 due too, so a completion cancels jobs being swept
    const stepIds = cases.map((c) => c.stepId);
    await server.knex.raw(
      "update jobs set run_at = now() - interval '1 minute' where split_part(key, ':', 2) = any(?)",
      [stepIds],
    );
    const deadlocksBefore = await deadlocks();

    // When two runtime nodes sweep at once while the market clerk completes every step
    const url = withDatabase(inject('databaseServerUrl'), server.databaseName);
    const clerk = await new ApiClient(server.url).login('market.clerk');
    const [a, b, completions] = await Promise.all([
      drainInAnotherProcess(url),
      drainInAnotherProcess(url),
      Promise.all(stepIds.map((id) => clerk.post(`/api/tasks/${id}/complete`, { outcome: 'approved' }))),
    ]);

    // Then every reminder fired exactly once between them: 100 audit events per case
    const reminded = await server
      .knex('case_events')
      .where({ type: 'case.reminded' })
      .groupBy('case_id')
      .select('case_id', server.knex.raw('count(*)::int as n'));
    expect(reminded).toHaveLength(cases.length);
    for (const r of reminded) expect(r.n).toBe(perCase);
    expect(await server.knex('jobs').where('key', 'like', 'case:%:sweep-test:%')).toHaveLength(0);
    expect(a.ran + b.ran).toBeGreaterThanOrEqual(cases.length * perCase);
    // and both did part of the work
    expect(a.ran).toBeGreaterThan(0);
    expect(b.ran).toBeGreaterThan(0);
    // and every completion went through
    expect(completions.map((c) => c.status)).toEqual(stepIds.map(() => 200));
    // and no deadlock: none in the workers' logs, none counted by PostgreSQL for this database
    expect(`${a.log}\n${b.log}`).not.toMatch(/deadlock/i);
    expect(await server.knex('jobs').whereNotNull('last_error')).toEqual([]);
    // (pg counts a deadlock when the backend that found it reports; those backends have exited)
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await deadlocks()) - deadlocksBefore).toBe(0);
  });
});

describe('Given a job that fails every time', () => {
  it('should retry with backoff, then mark it failed with an incident on its case, and re-arm on request', async () => {
    // Given a case with a job no handler can run, and a good reminder in the same batch
    const { caseId } = (await acceptedCases(1))[0]!;
    // (its acceptance notice's document job is not what this test counts: left out)
    await server.knex('jobs').where({ case_id: caseId, kind: 'case.document' }).delete();
    const due = server.knex.raw("now() - interval '1 minute'");
    await server.knex('jobs').insert([
      { key: `case:${caseId}:broken`, kind: 'case.unknown', case_id: caseId, run_at: due, payload: '{}' },
      { key: `case:${caseId}:fine`, kind: 'case.remind', case_id: caseId, run_at: due, payload: '{}' },
    ]);
    const broken = () =>
      server
        .knex('jobs')
        .where({ key: `case:${caseId}:broken` })
        .first();
    const makeDue = () =>
      server
        .knex('jobs')
        .where({ key: `case:${caseId}:broken` })
        .update({ run_at: due });

    // When it is swept: the good job fires, the broken one fails and waits its backoff
    expect(await runDueJobs(server.ctx, { maxAttempts: 3 })).toBe(2);
    expect(await server.knex('jobs').where({ key: `case:${caseId}:fine` })).toHaveLength(0);
    expect(await server.knex('case_events').where({ case_id: caseId, type: 'case.reminded' })).toHaveLength(
      1,
    );
    let job = await broken();
    expect(job).toMatchObject({ attempts: 1, failed_at: null });
    expect(job.last_error).toMatch(/No handler for job kind "case.unknown"/);
    expect(new Date(job.run_at).getTime()).toBeGreaterThan(Date.now() + 5_000);
    expect(await runDueJobs(server.ctx, { maxAttempts: 3 })).toBe(0);

    // When it fails its second and its last attempt
    await makeDue();
    expect(await runDueJobs(server.ctx, { maxAttempts: 3 })).toBe(1);
    await makeDue();
    expect(await runDueJobs(server.ctx, { maxAttempts: 3 })).toBe(1);

    // Then it is kept, marked failed, and never taken again
    job = await broken();
    expect(job.attempts).toBe(3);
    expect(job.failed_at).not.toBeNull();
    await makeDue();
    expect(await runDueJobs(server.ctx, { maxAttempts: 3 })).toBe(0);
    // and its case has an open incident that says what failed
    const incidents = await server.knex('incidents').where({ case_id: caseId });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      key: `job:case:${caseId}:broken`,
      source: 'job',
      code: 'job_failed',
      attempts: 3,
      status: 'open',
      raised_by: { kind: 'case.unknown', key: `case:${caseId}:broken` },
    });
    expect(incidents[0].message).toMatch(/No handler for job kind/);
    // in both languages: which job, how often, its last error (as it came) and what to do
    expect(incidents[0].messages).toEqual({
      en: `The job case.unknown (case.unknown) failed 3 times: No handler for job kind "case.unknown" on this node; fix the cause, then retry it.`,
      zh: `后台作业“case.unknown”（case.unknown）已失败 3 次：No handler for job kind "case.unknown" on this node；请排除原因后重试。`,
    });
    expect(incidents[0].message).toBe(incidents[0].messages.en);

    // When an operator retries it, it is due again with fresh attempts
    expect(await server.knex.transaction((trx) => rearmFailedJob(trx, caseId, `case:${caseId}:broken`))).toBe(
      true,
    );
    expect(await broken()).toMatchObject({ attempts: 0, failed_at: null });
    expect(await server.knex.transaction((trx) => rearmFailedJob(trx, caseId, `case:${caseId}:broken`))).toBe(
      false,
    );
    expect(await runDueJobs(server.ctx, { maxAttempts: 3 })).toBe(1);
    expect(await broken()).toMatchObject({ attempts: 1, failed_at: null });
  });

  it('should keep the background worker alive when every sweep fails', async () => {
    // Given a worker whose database is gone
    const lines: string[] = [];
    const log = pino(
      { level: 'error' },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const gone = createKnex(withDatabase(inject('databaseServerUrl'), 'yj_no_such_database'), {
      poolWaitMs: 0,
      acquireTimeoutMs: 500,
    });
    const worker = startJobWorker(createContext(gone, log), { intervalMs: 20 });
    try {
      // When it has tried several times
      await expect.poll(() => lines.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    } finally {
      await worker.stop();
      await gone.destroy();
    }
    // Then each failure was logged and the loop went on
    expect(lines.every((l) => l.includes('job sweep failed; continuing'))).toBe(true);
  });
});
