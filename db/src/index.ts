export {
  createKnex,
  dropDatabase,
  ensureDatabaseExists,
  type PoolSettings,
  poolStats,
  type ResolvedDatabase,
  repositoryRoot,
  resolveDatabase,
  withDatabase,
} from './connection';
export { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded';
export { migrateToLatest } from './migrate';
export { DatabaseBusyError, guardPool, type PoolStats } from './poolGuard';
