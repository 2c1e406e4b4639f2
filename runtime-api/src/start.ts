import { resolveDatabase } from '@yijian/db';
import { DEMO_PASSWORD, demoUsers } from '@yijian/process-library';
import pino from 'pino';
import { startServer } from './server';
import { ensureWebBuilt } from './webBuild';

/**
 * `npm start`: a real PostgreSQL (DATABASE_URL, or an embedded one), migrations, the seeded
 * catalogue, the web app built if needed, all on one port. Demo accounts only with `--demo` (or
 * YJ_DEMO_USERS=1), which `npm start` passes; never in production (NODE_ENV=production).
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
  const production = process.env.NODE_ENV === 'production';
  const demo = process.argv.includes('--demo') || process.env.YJ_DEMO_USERS === '1';
  if (production && demo)
    throw new Error(
      '生产模式不能启用演示账户 / Demo accounts are refused in production (NODE_ENV=production)',
    );
  const admin =
    process.env.YJ_ADMIN_USERNAME && process.env.YJ_ADMIN_PASSWORD
      ? { username: process.env.YJ_ADMIN_USERNAME, password: process.env.YJ_ADMIN_PASSWORD }
      : undefined;
  const database = await resolveDatabase();
  const dist = await ensureWebBuilt(say);
  const running = await startServer({
    databaseUrl: database.url,
    port,
    host: process.env.HOST ?? '127.0.0.1',
    app: { webDist: dist, trustProxy: trustProxySetting(process.env.TRUST_PROXY), oidc: oidcSettings() },
    demoUsers: demo,
    production,
    admin,
    appDatabaseUrl: process.env.APP_DATABASE_URL || undefined,
    appRole: process.env.YJ_DB_APP_ROLE || undefined,
    appLogin: process.env.YJ_DB_APP_LOGIN || undefined,
    appPassword: process.env.YJ_DB_APP_PASSWORD || undefined,
    worker: true,
    // The console is for the URL and the logins; request logs (JSON) come with LOG_LEVEL=info.
    log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }),
  });

  const width = Math.max(...demoUsers.map((u) => u.username.length));
  say('');
  say(`一件 Yijian is running at ${running.url}/`);
  say(`API docs: ${running.url}/api/docs`);
  if (demo) {
    say(`Demo logins (password "${DEMO_PASSWORD}" for all; turn off by starting without --demo):`);
    for (const u of demoUsers) {
      say(`  ${u.username.padEnd(width)}  ${u.role.padEnd(9)} ${u.displayName}`);
    }
  } else if (!admin) {
    say('No demo accounts. Create the first admin with YJ_ADMIN_USERNAME and YJ_ADMIN_PASSWORD.');
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

/** OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI: all four, or no SSO. */
function oidcSettings() {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI } = process.env;
  if (!OIDC_ISSUER) return undefined;
  if (!OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !OIDC_REDIRECT_URI)
    throw new Error('OIDC_ISSUER needs OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI too');
  return {
    issuer: OIDC_ISSUER,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    redirectUri: OIDC_REDIRECT_URI,
    scope: process.env.OIDC_SCOPE || undefined,
  };
}

/** TRUST_PROXY: unset = trust no proxy; `true`/`false`, a hop count, or addresses/subnets. */
function trustProxySetting(value: string | undefined): boolean | number | string {
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
