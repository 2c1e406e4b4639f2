export { type AppOptions, createApp } from './app';
export { deployDefinition } from './catalogue/deployDefinition';
export { seedCatalogue } from './catalogue/seedCatalogue';
export { appendCaseEvent } from './commands/caseEvents';
export { type AppContext, createContext } from './context';
export { type ErrorCode, errorCatalogue, type Language, type Messages } from './http/errorCodes';
export { cancelJobs, keyPrefixRange } from './jobs/jobQueries';
export { runDueJobs, startJobWorker } from './jobs/jobWorker';
export {
  compactMonitorCounts,
  monitorSummary,
  recountMonitorCounts,
} from './monitor/monitorSummary';
export { type RunningServer, startServer } from './server';
export { caseListPage, visibleCases } from './sql/caseQueries';
export { departmentQueueQuery, encodeCursor } from './sql/departmentQueue';
export { ensureWebBuilt, webDistPath } from './webBuild';
