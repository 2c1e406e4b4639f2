export { type AppOptions, createApp } from './app';
export { type AuditReport, takeAuditCheckpoint, verifyAuditLog } from './audit/verifyAuditLog';
export { addPackagedCalendarYears } from './calendar/loadCalendarYear';
export { CalendarCache, loadCalendar, NATIONAL_REGION } from './catalogue/calendarCache';
export { DefinitionCache } from './catalogue/definitionCache';
export { deployDefinition } from './catalogue/deployDefinition';
export { seedCatalogue } from './catalogue/seedCatalogue';
export { appendCaseEvent } from './commands/caseEvents';
export { type AppContext, createContext } from './context';
export type { DocumentInput } from './documents/documentInput';
export { renderDocumentPdf } from './documents/renderDocumentPdf';
export { type ErrorCode, errorCatalogue, type Language, type Messages } from './http/errorCodes';
export { deliverOutbox } from './jobs/deliverOutbox';
export { rearmFailedJob } from './jobs/jobFailures';
export { cancelJobs, keyPrefixRange } from './jobs/jobQueries';
export {
  drainDueJobs,
  ensureHistoryPartitions,
  runDueJobs,
  type SweepOptions,
  startJobWorker,
} from './jobs/jobWorker';
export { contentProblem } from './materials/fileContent';
export { removeExpiredUploads, UPLOADS_PER_HOUR } from './materials/uploadLimits';
export {
  compactMonitorCounts,
  monitorSummary,
  recountMonitorCounts,
} from './monitor/monitorSummary';
export { outboxOnlySmsChannel, smtpChannel } from './notifications/outboundChannels';
export { type RunningServer, startServer } from './server';
export { type JobSettings, type RuntimeSettings, readRuntimeSettings } from './settings';
export { caseListPage, visibleCases } from './sql/caseQueries';
export { departmentQueueQuery, encodeCursor, type QueueFilter } from './sql/departmentQueue';
export { rectificationPageQuery } from './sql/rectificationList';
export { ensureWebBuilt, webDistPath } from './webBuild';
