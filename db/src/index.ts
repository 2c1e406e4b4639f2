export {
  createKnex,
  dropDatabase,
  ensureDatabaseExists,
  type ResolvedDatabase,
  repositoryRoot,
  resolveDatabase,
  withDatabase,
} from './connection';
export { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded';
export { migrateToLatest } from './migrate';
