import { resolveDatabase } from '@yijian/db';
import { startServer } from '@yijian/runtime-api';
import pino from 'pino';

export const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Runs an example against a Yijian: the running one at YIJIAN_URL, else one started here
 * (embedded PostgreSQL unless DATABASE_URL is set) and stopped afterwards.
 */
export async function withYijian(run: (baseUrl: string) => Promise<void>): Promise<void> {
  let stop = async () => {};
  let baseUrl = process.env.YIJIAN_URL;
  if (!baseUrl) {
    say(process.env.DATABASE_URL ? '· using DATABASE_URL' : '· starting embedded PostgreSQL');
    const database = await resolveDatabase();
    const server = await startServer({
      databaseUrl: database.url,
      demoUsers: true,
      log: pino({ level: 'warn' }),
    });
    baseUrl = server.url;
    stop = async () => {
      await server.close();
      await database.stop();
    };
  }
  try {
    await run(baseUrl);
  } finally {
    await stop();
  }
}
