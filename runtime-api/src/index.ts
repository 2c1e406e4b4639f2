export { type AppOptions, createApp } from './app';
export { deployDefinition } from './catalogue/deployDefinition';
export { seedCatalogue } from './catalogue/seedCatalogue';
export { type AppContext, createContext } from './context';
export { type RunningServer, startServer } from './server';
export { ensureWebBuilt, webDistPath } from './webBuild';
