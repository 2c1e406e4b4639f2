import { createKnex, resolveDatabase } from '@yijian/db';
import { verifyAuditLog } from './audit/verifyAuditLog';

/**
 * `npm run audit:verify [-- <caseId>]`: recomputes the audit hash chain of one case or of the
 * whole log (DATABASE_URL, or the embedded database) against its checkpoints, prints every broken
 * link and exits 1 when there is one. Read-only.
 */
async function main(): Promise<void> {
  const caseId = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const database = await resolveDatabase();
  const knex = createKnex(database.url, { poolMax: 1 });
  try {
    const report = await verifyAuditLog(knex, { caseId });
    process.stdout.write(
      `审计链核验 / audit chain: ${report.casesChecked} cases, ${report.eventsChecked} events — ${
        report.ok ? '完好 / intact' : `${report.breaks.length} broken link(s)`
      }\n`,
    );
    for (const b of report.breaks) process.stdout.write(`  case ${b.caseId} seq ${b.seq}: ${b.kind}\n`);
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await knex.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
