export { createApp, type AppOptions } from './app';
export { seedCatalogue } from './catalogue/seedCatalogue';
export { deployDefinition } from './catalogue/deployDefinition';
export { type AppContext, createContext } from './context';
export { type RunningServer, startServer } from './server';
export { webDistPath, ensureWebBuilt } from './webBuild';
