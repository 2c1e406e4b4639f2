import type { Knex } from 'knex';
import * as core from './migrations/001_core';
import * as calendarAdmin from './migrations/002_calendar_admin';
import * as caseLifecycle from './migrations/003_case_lifecycle';
import * as materials from './migrations/004_materials';
import * as bundleCompositions from './migrations/005_bundle_compositions';
import * as itemClocks from './migrations/006_item_clocks';
import * as caseMessages from './migrations/007_case_messages';
import * as departmentSystems from './migrations/008_department_systems';
import * as incidents from './migrations/009_incidents';
import * as jobFailures from './migrations/010_job_failures';
import * as flatCost from './migrations/011_flat_cost';
import * as calendarRegions from './migrations/013_calendar_regions';
import * as documentsNotifications from './migrations/014_documents_notifications';
import * as itemDecisions from './migrations/015_item_decisions';
import * as securityAudit from './migrations/016_security_audit';
import * as completionStatements from './migrations/017_completion_statements';
import * as partitionedHistory from './migrations/019_partitioned_history';
import * as leanHotTables from './migrations/020_lean_hot_tables';
import * as incrementalCheckpoints from './migrations/021_incremental_checkpoints';
import * as doneTasksAdmin from './migrations/022_done_tasks_admin';
import * as definitionDeployments from './migrations/024_definition_deployments';
import * as definitionLifecycle from './migrations/026_definition_lifecycle';
import * as catalogueVersions from './migrations/028_catalogue_versions';
import * as applyDrafts from './migrations/030_apply_drafts';
import * as ratingsRectifications from './migrations/031_ratings_rectifications';
import * as inboxSearch from './migrations/033_inbox_search';
import * as rectificationPages from './migrations/040_rectification_pages';
import * as incidentMessages from './migrations/041_incident_messages';

interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Migrations are imported statically rather than found on disk, so they run the same under
 * tsx, vitest and a bundler without a TypeScript loader for knex's dynamic imports.
 */
const migrations: Migration[] = [
  { name: '001_core', ...core },
  { name: '002_calendar_admin', ...calendarAdmin },
  { name: '003_case_lifecycle', ...caseLifecycle },
  { name: '004_materials', ...materials },
  { name: '005_bundle_compositions', ...bundleCompositions },
  { name: '006_item_clocks', ...itemClocks },
  { name: '007_case_messages', ...caseMessages },
  { name: '008_department_systems', ...departmentSystems },
  { name: '009_incidents', ...incidents },
  { name: '010_job_failures', ...jobFailures },
  { name: '011_flat_cost', ...flatCost },
  { name: '013_calendar_regions', ...calendarRegions },
  { name: '014_documents_notifications', ...documentsNotifications },
  { name: '015_item_decisions', ...itemDecisions },
  { name: '016_security_audit', ...securityAudit },
  { name: '017_completion_statements', ...completionStatements },
  { name: '019_partitioned_history', ...partitionedHistory },
  { name: '020_lean_hot_tables', ...leanHotTables },
  { name: '021_incremental_checkpoints', ...incrementalCheckpoints },
  { name: '022_done_tasks_admin', ...doneTasksAdmin },
  { name: '024_definition_deployments', ...definitionDeployments },
  { name: '026_definition_lifecycle', ...definitionLifecycle },
  { name: '028_catalogue_versions', ...catalogueVersions },
  { name: '030_apply_drafts', ...applyDrafts },
  { name: '031_ratings_rectifications', ...ratingsRectifications },
  { name: '033_inbox_search', ...inboxSearch },
  { name: '040_rectification_pages', ...rectificationPages },
  { name: '041_incident_messages', ...incidentMessages },
];

const sourceOf = (list: Migration[]): Knex.MigrationSource<Migration> => ({
  getMigrations: async () => list,
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
});
const source = sourceOf(migrations);

/** Brings the schema to the latest version; safe to call on every start (knex locks it). */
export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource: source })) as [number, string[]];
  return applied;
}

/**
 * Applies the migrations whose names sort before `before` (e.g. '019'): a database as an older
 * release left it, for tests that migrate one holding rows. Later, `migrateToLatest` goes on.
 */
export async function migrateBefore(knex: Knex, before: string): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({
    migrationSource: sourceOf(migrations.filter((m) => m.name < before)),
  })) as [number, string[]];
  return applied;
}
