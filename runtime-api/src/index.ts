export { type AppOptions, createApp } from './app';
export { deployDefinition } from './catalogue/deployDefinition';
export { seedCatalogue } from './catalogue/seedCatalogue';
export { type AppContext, createContext } from './context';
export { type ErrorCode, errorCatalogue, type Language, type Messages } from './http/errorCodes';
export { runDueJobs, startJobWorker } from './jobs/jobWorker';
export { type RunningServer, startServer } from './server';
export { ensureWebBuilt, webDistPath } from './webBuild';
