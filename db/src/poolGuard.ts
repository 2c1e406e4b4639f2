import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';

/**
 * The pool could not give a connection: every connection is held and none came free for a while
 * (or none can be opened). Callers answer 503 with `Retry-After`; nothing was done.
 */
export class DatabaseBusyError extends Error {
  /** Stable code for the API: `database_busy` (all connections held) or `database_unavailable`. */
  readonly code: 'database_busy' | 'database_unavailable';
  /** Seconds after which a retry is likely to find a connection. */
  readonly retryAfterSeconds = 1;

  constructor(code: 'database_busy' | 'database_unavailable', waitedMs: number) {
    super(
      code === 'database_busy'
        ? `All database connections are in use and none came free in ${Math.round(waitedMs)} ms; retry shortly`
        : `No database connection could be opened in ${Math.round(waitedMs)} ms; retry shortly`,
    );
    this.name = 'DatabaseBusyError';
    this.code = code;
  }
}

/** What the guard reports about the pool (for `/api/health`). */
export interface PoolStats {
  max: number;
  used: number;
  free: number;
  /** Requests waiting for a connection. */
  waiting: number;
  /** Milliseconds since a statement last completed or a connection was released, acquired or opened. */
  sinceProgressMs: number;
}

// tarn's pool as knex holds it; only what the guard uses.
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingCreates(): number;
  on(event: 'release' | 'acquireSuccess' | 'createSuccess', listener: () => void): void;
}

/** The parts of knex's (untyped) client the guard reads and wraps. */
interface KnexClientInternals {
  pool?: TarnPool;
  on(event: 'query-response' | 'query-error', listener: () => void): void;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): unknown;
}

interface Waiter {
  since: number;
  fail(error: DatabaseBusyError): void;
}

/**
 * Makes a waiting request fail fast when the pool is exhausted instead of hanging until knex's
 * acquire timeout. "Exhausted" is judged by progress, not by queue length: while the holders keep
 * working (statements completing, connections coming free — a burst of short commands) a request
 * waits its turn however long the queue, but once no statement has completed and no connection
 * been released, acquired or opened for `waitMs` (every connection held by a stuck or very slow
 * statement, an idle transaction, or the database unreachable) each request that has waited that
 * long gets a {@link DatabaseBusyError}. A tick that fires late means this process's event loop was busy, so
 * releases may still sit in its queue: that never counts as a stall.
 *
 * Knex has no hook for this, so the guard wraps `client.acquireConnection` (knex's runner and
 * transactions both call it). A connection that arrives for a waiter that already gave up goes
 * straight back to the pool.
 */
export function guardPool(knex: Knex, options: { waitMs: number }): { stats(): PoolStats } {
  const client = knex.client as KnexClientInternals;
  const pool = client.pool;
  if (!pool) throw new Error('guardPool: knex has no pool (no connection configured)');
  const waitMs = options.waitMs;
  const tickMs = Math.max(10, Math.min(50, Math.floor(waitMs / 5)));
  const waiters = new Set<Waiter>();
  let lastProgress = performance.now();
  let lastTick = lastProgress;
  let timer: NodeJS.Timeout | null = null;
  const progress = () => {
    lastProgress = performance.now();
  };
  pool.on('release', progress);
  pool.on('acquireSuccess', progress);
  pool.on('createSuccess', progress);
  // A statement finishing on any connection (transactions report to the root client too): the
  // holders are working, so the connections will come back. A burst of long transactions on a
  // starved CPU releases nothing for a while, yet is busy, not exhausted.
  client.on('query-response', progress);
  client.on('query-error', progress);

  const tick = () => {
    const now = performance.now();
    const late = now - lastTick > tickMs * 3;
    lastTick = now;
    // A late tick: the loop was busy, releases may be queued behind us. Look again next tick.
    if (late) lastProgress = Math.max(lastProgress, now - tickMs);
    if (now - lastProgress < waitMs) return;
    const code = pool.numUsed() >= pool.max ? 'database_busy' : 'database_unavailable';
    for (const waiter of waiters) {
      if (now - waiter.since >= waitMs) waiter.fail(new DatabaseBusyError(code, now - waiter.since));
    }
  };
  const watch = () => {
    if (timer) return;
    lastTick = performance.now();
    timer = setInterval(tick, tickMs);
    timer.unref();
  };
  const unwatch = () => {
    if (timer && waiters.size === 0) {
      clearInterval(timer);
      timer = null;
    }
  };

  const acquire = client.acquireConnection.bind(client);
  client.acquireConnection = () => {
    // A free connection (or room to open one) needs no watching.
    if (pool.numFree() > 0) return acquire();
    return new Promise((resolve, reject) => {
      let settled = false;
      const waiter: Waiter = {
        since: performance.now(),
        fail(error) {
          if (settled) return;
          settled = true;
          waiters.delete(waiter);
          unwatch();
          reject(error);
        },
      };
      waiters.add(waiter);
      watch();
      acquire().then(
        (connection) => {
          if (settled) {
            // Too late: the caller was already told 503. Hand the connection back.
            client.releaseConnection(connection);
            return;
          }
          settled = true;
          waiters.delete(waiter);
          unwatch();
          resolve(connection);
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          waiters.delete(waiter);
          unwatch();
          reject(error);
        },
      );
    });
  };

  return {
    stats: () => ({
      max: pool.max,
      used: pool.numUsed(),
      free: pool.numFree(),
      waiting: waiters.size,
      sinceProgressMs: Math.round(performance.now() - lastProgress),
    }),
  };
}
