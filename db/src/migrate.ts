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
import * as applyDrafts from './migrations/030_apply_drafts';
import * as ratingsRectifications from './migrations/031_ratings_rectifications';

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
  { name: '030_apply_drafts', ...applyDrafts },
  { name: '031_ratings_rectifications', ...ratingsRectifications },
];

const source: Knex.MigrationSource<Migration> = {
  getMigrations: async () => migrations,
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};

/** Brings the schema to the latest version; safe to call on every start (knex locks it). */
export async function migrateToLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource: source })) as [number, string[]];
  return applied;
}
