/**
 * A job-sweeping runtime node without HTTP: `tsx runtime-api/src/worker.ts [--drain]`.
 * With --drain it sweeps until nothing is due and exits (used by tests and batch runs);
 * otherwise it polls until SIGTERM. Needs DATABASE_URL.
 */
import { createKnex } from '@yijian/db';
import pino from 'pino';
import { z } from 'zod';
import { createContext } from './context';
import { runDueJobs, startJobWorker } from './jobs/jobWorker';

const env = z
  .object({ DATABASE_URL: z.string().min(1, 'DATABASE_URL is required for a worker node') })
  .parse(process.env);
const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const knex = createKnex(env.DATABASE_URL, { poolMax: 4 });
const ctx = createContext(knex, log);

if (process.argv.includes('--drain')) {
  let total = 0;
  for (;;) {
    const ran = await runDueJobs(ctx, 50);
    total += ran;
    if (ran === 0) break;
  }
  process.stdout.write(`${JSON.stringify({ ran: total })}\n`);
  await knex.destroy();
} else {
  const worker = startJobWorker(ctx);
  const stop = async () => {
    await worker.stop();
    await knex.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}
