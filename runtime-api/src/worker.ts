/**
 * A job-sweeping runtime node without HTTP: `tsx runtime-api/src/worker.ts [--drain]`.
 * With --drain it sweeps until no live job is due and exits (used by tests and batch runs);
 * otherwise it polls until SIGTERM. Needs DATABASE_URL; DB_POOL_MAX (default 6 here),
 * JOB_BATCH_SIZE, JOB_MAX_ATTEMPTS and the other settings of the README apply.
 */
import { createKnex } from '@yijian/db';
import pino from 'pino';
import { z } from 'zod';
import { createContext } from './context';
import { drainDueJobs, startJobWorker } from './jobs/jobWorker';
import { readRuntimeSettings } from './settings';

const env = z
  .object({ DATABASE_URL: z.string().min(1, 'DATABASE_URL is required for a worker node') })
  .parse(process.env);
const settings = readRuntimeSettings({ DB_POOL_MAX: '6', ...process.env });
const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const knex = createKnex(env.DATABASE_URL, settings.pool);
const ctx = createContext(knex, log);

if (process.argv.includes('--drain')) {
  const ran = await drainDueJobs(ctx, settings.jobs);
  process.stdout.write(`${JSON.stringify({ ran })}\n`);
  await knex.destroy();
} else {
  const worker = startJobWorker(ctx, settings.jobs);
  const stop = async () => {
    await worker.stop();
    await knex.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}
