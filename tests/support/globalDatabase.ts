import path from 'node:path';
import { repositoryRoot, startEmbeddedPostgres } from '@yijian/db';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL (its maintenance database); each test file makes its own database. */
    databaseServerUrl: string;
  }
}

/**
 * One real PostgreSQL for the run: the one in DATABASE_URL when set (CI, this machine's service),
 * otherwise an embedded one started here and stopped at the end. Never a mock.
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('databaseServerUrl', process.env.DATABASE_URL);
    return;
  }
  // One cluster per project: vitest may run the projects' setups side by side.
  const server = await startEmbeddedPostgres({
    dataDir: path.join(repositoryRoot(), '.data', `test-postgres-${project.name}`),
  });
  project.provide('databaseServerUrl', server.url);
  return async () => {
    await server.stop();
  };
}
