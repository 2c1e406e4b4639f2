/**
 * `npm run test:embedded`: proves the no-database path — with DATABASE_URL unset, an embedded
 * PostgreSQL starts, migrations and the catalogue load, a case can be filed, and it stops cleanly.
 */
import assert from 'node:assert/strict';
import { resolveDatabase } from '@yijian/db';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { startServer } from '@yijian/runtime-api';
import pino from 'pino';

delete process.env.DATABASE_URL;
const database = await resolveDatabase({ dataDir: '.data/smoke-postgres' });
assert.equal(database.embedded, true);
const server = await startServer({
  databaseUrl: database.url,
  demoUsers: true,
  log: pino({ level: 'warn' }),
});
try {
  const applicant = await new ApiClient(server.url).login('zhangsan');
  const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
  assert.equal(filed.status, 201);
  assert.equal(filed.body.openTasks[0].departmentId, 'market');
  // The app's pool is its own login (password auth on the embedded server), never the owner
  const who = (await server.knex.raw('select session_user as s')).rows[0].s;
  assert.equal(who, 'yijian_app_login');
  console.log(`embedded PostgreSQL: case ${filed.body.caseNumber} filed as ${who}`);
} finally {
  await server.close();
  await database.stop();
}
console.log('1 passed, 0 failed');
