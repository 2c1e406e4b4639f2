export { type AppOptions, createApp } from './app';
export { deployDefinition } from './catalogue/deployDefinition';
export { seedCatalogue } from './catalogue/seedCatalogue';
export { type AppContext, createContext } from './context';
export { rearmFailedJob } from './jobs/jobFailures';
export { drainDueJobs, runDueJobs, type SweepOptions, startJobWorker } from './jobs/jobWorker';
export { type RunningServer, startServer } from './server';
export { type JobSettings, type RuntimeSettings, readRuntimeSettings } from './settings';
export { ensureWebBuilt, webDistPath } from './webBuild';
