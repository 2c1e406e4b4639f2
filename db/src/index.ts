export {
  APPEND_ONLY_TABLES,
  appLoginUrl,
  DEFAULT_APP_ROLE,
  defaultAppLogin,
  derivedAppPassword,
  grantAppLogin,
  grantAppRole,
} from './appRole';
export {
  canonicalJson,
  eventHashText,
  GENESIS_HASH,
  type HashedEventFields,
  hashCaseEvent,
} from './audit/eventHash';
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
export { migrateBefore, migrateToLatest } from './migrate';
export { DatabaseBusyError, guardPool, type PoolStats } from './poolGuard';
export { MAX_PREPARED_PER_CONNECTION, PREPARED } from './preparedStatements';
export type {
  CaseItemRow,
  CaseRow,
  CatalogueItemVersionRow,
  ItemRow,
  MaterialTypeRow,
  RowWrite,
  SessionRow,
  Table,
  TaskRow,
  UserRow,
} from './tables';
export { tables } from './tables';
