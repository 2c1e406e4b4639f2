import type { Knex } from 'knex';
import type { AppContext } from '../context';
import type { OutboundChannels } from '../notifications/outboundChannels';
import { retryDelaySeconds } from './jobFailures';

export interface OutboxOptions {
  channels: OutboundChannels;
  /** Attempts before a message is marked failed (default 5). */
  maxAttempts?: number;
  /** Messages per sweep (default 50). */
  limit?: number;
}

/**
 * Delivers due outbox messages (e-mail, SMS), each in its own short transaction: the row is taken
 * `FOR UPDATE SKIP LOCKED` (two nodes never send one message), sent, and marked sent in the same
 * transaction. A failed send records the error and is due again after the jobs' backoff (10 s,
 * 20 s, 40 s …); after `maxAttempts` the row is marked failed and kept.
 *
 * Why not a row in `jobs`: a job batch runs many jobs in one transaction and reruns the whole batch
 * when one fails, which would send an e-mail twice. Here nothing else shares a message's
 * transaction. What remains is at-least-once at the edge: if the commit after a successful send is
 * lost, the message goes again — with the same Message-ID, so mail systems drop the copy.
 * Returns how many messages were sent.
 */
export async function deliverOutbox(ctx: AppContext, options: OutboxOptions): Promise<number> {
  const maxAttempts = options.maxAttempts ?? 5;
  const limit = options.limit ?? 50;
  const channels = Object.entries(options.channels)
    .filter(([, c]) => c)
    .map(([name]) => name);
  if (channels.length === 0) return 0;
  let sent = 0;
  for (let i = 0; i < limit; i++) {
    const result = await ctx.knex.transaction(async (trx) => {
      const now = await ctx.now(trx);
      const row = await takeDueMessage(trx, now, channels);
      if (!row) return 'none' as const;
      const channel = options.channels[row.channel as keyof OutboundChannels]!;
      try {
        const { providerMessageId } = await channel.send({
          id: String(row.id),
          recipient: row.recipient,
          subject: row.subject,
          body: row.body,
        });
        await trx('outbox')
          .where({ id: row.id })
          .update({
            sent_at: now,
            attempts: row.attempts + 1,
            provider_message_id: providerMessageId,
          });
        return 'sent' as const;
      } catch (error) {
        const attempts = row.attempts + 1;
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
        await trx('outbox')
          .where({ id: row.id })
          .update(
            attempts >= maxAttempts
              ? { attempts, last_error: message, failed_at: now }
              : {
                  attempts,
                  last_error: message,
                  next_attempt_at: trx.raw('?::timestamptz + make_interval(secs => ?)', [
                    now,
                    retryDelaySeconds(attempts),
                  ]),
                },
          );
        ctx.log.warn({ outboxId: row.id, attempts, err: error }, 'outbound message failed');
        return 'failed' as const;
      }
    });
    if (result === 'none') break;
    if (result === 'sent') sent += 1;
  }
  return sent;
}

async function takeDueMessage(trx: Knex.Transaction, now: string, channels: string[]) {
  const { rows } = await trx.raw<{
    rows: {
      id: number;
      channel: string;
      recipient: string;
      subject: string;
      body: string;
      attempts: number;
    }[];
  }>(
    `select id, channel, recipient, subject, body, attempts from outbox
      where sent_at is null and failed_at is null and next_attempt_at <= ? and channel = any(?)
      order by next_attempt_at, id
      limit 1
      for update skip locked`,
    [now, channels],
  );
  return rows[0];
}
