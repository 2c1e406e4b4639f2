import { resolveDatabase } from '@yijian/db';
import { DEMO_PASSWORD, demoUsers } from '@yijian/process-library';
import pino from 'pino';
import { startServer } from './server';
import { ensureWebBuilt } from './webBuild';

/**
 * `npm start`: a real PostgreSQL (DATABASE_URL, or an embedded one), migrations, the seeded
 * catalogue and demo accounts, the web app built if needed, all on one port.
 */
async function main(): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${process.env.PORT}`);

  say(
    process.env.DATABASE_URL
      ? 'Using DATABASE_URL…'
      : 'Starting embedded PostgreSQL (data in .data/postgres)…',
  );
  const database = await resolveDatabase();
  const dist = await ensureWebBuilt(say);
  const running = await startServer({
    databaseUrl: database.url,
    port,
    host: process.env.HOST ?? '127.0.0.1',
    app: { webDist: dist },
    worker: true,
    // The console is for the URL and the logins; request logs (JSON) come with LOG_LEVEL=info.
    log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
  });

  const width = Math.max(...demoUsers.map((u) => u.username.length));
  say('');
  say(`一件 Yijian is running at ${running.url}/`);
  say(`API docs: ${running.url}/api/docs`);
  say(`Demo logins (password "${DEMO_PASSWORD}" for all):`);
  for (const u of demoUsers) {
    say(`  ${u.username.padEnd(width)}  ${u.role.padEnd(9)} ${u.displayName}`);
  }
  say('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping…`);
    await running.close().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
