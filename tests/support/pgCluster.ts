import { execFile } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * PostgreSQL binaries with pg_basebackup: the embedded npm package ships only initdb, pg_ctl and
 * postgres, so the system's (PG_BIN, or /usr/lib/postgresql/<newest>/bin). Null when none.
 */
export function findPostgresBinaries(): string | null {
  const candidates = [process.env.PG_BIN ?? ''];
  const root = '/usr/lib/postgresql';
  if (existsSync(root))
    for (const v of readdirSync(root).sort((a, b) => Number(b) - Number(a)))
      candidates.push(path.join(root, v, 'bin'));
  return candidates.find((dir) => dir && existsSync(path.join(dir, 'pg_basebackup'))) ?? null;
}

/** One PostgreSQL server of the test cluster, started with pg_ctl in its own temp folder. */
export interface PgNode {
  name: string;
  port: number;
  dataDir: string;
  /** Connection string of `database` on this server. */
  url(database?: string): string;
}

const asRoot = process.getuid?.() === 0;
const postgresUser = 'postgres';

/** Runs a PostgreSQL binary, as the `postgres` system user when we are root (Postgres refuses root). */
async function pgBin(bin: string, tool: string, args: string[]): Promise<string> {
  const file = path.join(bin, tool);
  const { stdout } = asRoot
    ? await run('runuser', ['-u', postgresUser, '--', file, ...args], { timeout: 120_000 })
    : await run(file, args, { timeout: 120_000 });
  return stdout;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * A primary and a synchronous streaming standby on loopback, each on a free port in a temp folder:
 * initdb, the primary started with `synchronous_standby_names = standby1` (on its command line, so
 * the base backup does not copy it and the promoted standby does not wait for a standby it lacks),
 * pg_basebackup -R for the standby, and a wait until the primary reports it `sync`.
 */
export class PgCluster {
  readonly root: string;
  primary!: PgNode;
  standby!: PgNode;

  private constructor(readonly bin: string) {
    this.root = mkdtempSync(path.join(tmpdir(), 'yj-failover-'));
    if (asRoot) {
      const { uid, gid } = userIds(postgresUser);
      chownSync(this.root, uid, gid);
    }
  }

  static async start(bin: string): Promise<PgCluster> {
    const cluster = new PgCluster(bin);
    await cluster.init();
    return cluster;
  }

  private node(name: string, port: number): PgNode {
    return {
      name,
      port,
      dataDir: path.join(this.root, name),
      url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    };
  }

  private options(port: number, extra: string[] = []): string {
    // fsync off: a SIGKILL of the server keeps what it wrote in the OS cache; only a power cut
    // would need it, and the test does not cut power. It spares the shared disk.
    return [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.root}`,
      '-c fsync=off',
      '-c max_connections=80',
      '-c shared_buffers=32MB',
      '-c wal_level=replica',
      '-c max_wal_senders=4',
      '-c synchronous_commit=on',
      ...extra,
    ].join(' ');
  }

  private async init(): Promise<void> {
    this.primary = this.node('primary', await freePort());
    this.standby = this.node('standby', await freePort());
    await pgBin(this.bin, 'initdb', [
      '-D',
      this.primary.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await this.startNode(this.primary, ["-c synchronous_standby_names='standby1'"]);
    await pgBin(this.bin, 'pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.primary.port),
      '-U',
      'postgres',
      '-D',
      this.standby.dataDir,
      '-R',
      '-X',
      'stream',
      '--no-sync',
    ]);
    // The name the primary's synchronous_standby_names waits for.
    writeFileSync(
      path.join(this.standby.dataDir, 'postgresql.auto.conf'),
      `${readFileSync(path.join(this.standby.dataDir, 'postgresql.auto.conf'), 'utf8')}\nprimary_conninfo = 'host=127.0.0.1 port=${this.primary.port} user=postgres application_name=standby1'\n`,
    );
    await this.startNode(this.standby);
    await waitFor(
      async () => {
        const rows = await query(
          this.primary.url(),
          "select sync_state from pg_stat_replication where application_name = 'standby1'",
        );
        return rows[0]?.sync_state === 'sync';
      },
      30_000,
      'the standby to stream synchronously',
    );
  }

  private async startNode(node: PgNode, extra: string[] = []): Promise<void> {
    await pgBin(this.bin, 'pg_ctl', [
      '-D',
      node.dataDir,
      '-l',
      path.join(this.root, `${node.name}.log`),
      '-w',
      '-t',
      '60',
      '-o',
      this.options(node.port, extra),
      'start',
    ]);
  }

  /**
   * The primary's machine dies: SIGKILL to the postmaster and every process it started (backends,
   * WAL sender), by their process ids, so no backend lingers to commit after its postmaster.
   */
  killPrimary(): void {
    const pid = Number(
      readFileSync(path.join(this.primary.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    const children = childPids(pid);
    process.kill(pid, 'SIGKILL');
    for (const child of children) {
      try {
        process.kill(child, 'SIGKILL');
      } catch {
        // Already gone with its postmaster.
      }
    }
  }

  /** Promotes the standby (pg_ctl promote waits until it accepts writes). */
  async promoteStandby(): Promise<void> {
    await pgBin(this.bin, 'pg_ctl', ['-D', this.standby.dataDir, '-w', '-t', '60', 'promote']);
    await waitFor(
      async () => (await query(this.standby.url(), 'select pg_is_in_recovery() as r'))[0]?.r === false,
      30_000,
      'the promoted standby to leave recovery',
    );
  }

  /** Stops what still runs and removes the temp folder. */
  async stop(): Promise<void> {
    for (const node of [this.standby, this.primary]) {
      if (node && existsSync(path.join(node.dataDir, 'postmaster.pid')))
        await pgBin(this.bin, 'pg_ctl', ['-D', node.dataDir, '-m', 'immediate', '-w', 'stop']).catch(
          () => {},
        );
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Runs one statement on a fresh connection (no pool, so a dead server fails fast). */
export async function query(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // Not up yet.
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function userIds(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no ${name} system user to run PostgreSQL as`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Direct children of a process, read from /proc (Linux). */
function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The fields after the command name (which may hold spaces) start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}
