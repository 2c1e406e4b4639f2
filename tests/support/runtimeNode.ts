import { startServer } from '@yijian/runtime-api';
import pino from 'pino';

/**
 * One runtime node as its own process (so a test can SIGKILL it): the API and its job worker on
 * DATABASE_URL (and DATABASE_READ_URL when set), on a free port. Prints `listening <url>` when ready.
 * YJ_WORKER=0: the API only (the scale bench's extra nodes, whose in-process node has no worker).
 */
const running = await startServer({
  databaseUrl: process.env.DATABASE_URL!,
  worker: process.env.YJ_WORKER !== '0',
  // Only the first node seeds; the others find the catalogue in place.
  seed: process.env.YJ_SEED !== '0',
  log: pino({ level: process.env.YJ_TEST_LOG ?? 'silent' }),
  app: { loginRateLimit: 10_000 },
  // The test logs in as the demo users.
  demoUsers: true,
});
process.stdout.write(`listening ${running.url}\n`);
process.on('SIGTERM', () => {
  void running.close().finally(() => process.exit(0));
});
