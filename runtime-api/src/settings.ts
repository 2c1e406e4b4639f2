import type { PoolSettings } from '@yijian/db';
import { z } from 'zod';

const milliseconds = (fallback: number) => z.coerce.number().int().min(0).max(3_600_000).default(fallback);

/**
 * The runtime's tunables from the environment, validated once at start (a bad value stops the
 * process with the variable's name). Documented in the README, "Database settings" and "Jobs".
 */
export const runtimeEnvSchema = z.object({
  /** Connections this process may open. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** Hard cap on waiting for a connection (knex's acquire timeout). */
  DB_ACQUIRE_TIMEOUT_MS: milliseconds(10_000),
  /** 503 once no connection has come free for this long while a request waits; 0 = off. */
  DB_POOL_WAIT_MS: milliseconds(500),
  /** PostgreSQL statement_timeout per connection; 0 = none. Migrations run without it. */
  DB_STATEMENT_TIMEOUT_MS: milliseconds(30_000),
  /** A job that failed this many times stops and raises an incident on its case. */
  JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** Due jobs per sweep transaction (deadline jobs fire together in set-based statements). */
  JOB_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(250),
  /** Batches one node sweeps at once, each on its own connection (keep it below DB_POOL_MAX). */
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // Scale-out (docs/deployment.md): read-only endpoints on a replica.
  /** A hot standby (or any replica) for the queue, the monitor and the service guide; unset = the primary. */
  DATABASE_READ_URL: z
    .string()
    .url()
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// or postgresql:// URL')
    .optional(),
});

export interface RuntimeSettings {
  pool: Required<PoolSettings>;
  jobs: JobSettings;
  /**
   * Where the read-only endpoints (queue, monitor summary, service guide) read: a replica's URL.
   * Unset = the primary. Replication lag shows there (a step completed a moment ago may still be
   * listed); commands and everything they read always use the primary.
   */
  readReplicaUrl?: string;
}

/** How the job sweeper takes and retries jobs. */
export interface JobSettings {
  /** Failed attempts after which a job is marked failed and an incident raised (default 5). */
  maxAttempts: number;
  /** Due jobs per sweep transaction (default 250). */
  batchSize: number;
  /**
   * Batches swept at once by one node, each in its own transaction on its own connection (default
   * 4). They never wait for each other: each takes cases the others do not hold (SKIP LOCKED).
   */
  concurrency: number;
}

/** Reads and validates the settings; throws one error naming every bad variable. */
export function readRuntimeSettings(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  const parsed = runtimeEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid runtime settings: ${problems}`);
  }
  const e = parsed.data;
  if (e.JOB_CONCURRENCY >= e.DB_POOL_MAX)
    throw new Error(
      `Invalid runtime settings: JOB_CONCURRENCY (${e.JOB_CONCURRENCY}) must be below DB_POOL_MAX (${e.DB_POOL_MAX}), or sweeps take every connection`,
    );
  return {
    pool: {
      poolMax: e.DB_POOL_MAX,
      acquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
      poolWaitMs: e.DB_POOL_WAIT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    },
    jobs: { maxAttempts: e.JOB_MAX_ATTEMPTS, batchSize: e.JOB_BATCH_SIZE, concurrency: e.JOB_CONCURRENCY },
    ...(e.DATABASE_READ_URL ? { readReplicaUrl: e.DATABASE_READ_URL } : {}),
  };
}
