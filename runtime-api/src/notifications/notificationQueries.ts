import type { Knex } from 'knex';
import { type RowsQuery, rowsOf } from '../sql/caseQueries';
import type { NotificationText } from './notificationTexts';

type Db = Knex | Knex.Transaction;

/** Who receives a notification: one user, or the clerks of a department, or managers. */
export type Audience =
  | { userId: string }
  | { departmentClerks: string }
  /** Managers (监察): those of the department and those without one (they watch every department). */
  | { managers: string | null };

/** An in-app notification to write: who hears of what, about which case. */
export interface Notice {
  audience: Audience;
  caseId: string | null;
  text: NotificationText;
  link: string | null;
  at: string;
}

/**
 * The statement that writes one notification per recipient of `notice` (insert … select, no
 * RETURNING), with its bindings: {@link notify} runs it, and an audit append embeds it in its own
 * statement (caseEvents.ts) for notices that need no read. `guard` is a condition the select must
 * also meet (the append's: its chain head moved).
 */
export function noticeInsert(
  db: Db,
  notice: Notice,
  guard?: string,
): { sql: string; bindings: Knex.Value[] } {
  const { text } = notice;
  const recipients = db('users as u').select('u.id');
  if ('userId' in notice.audience) recipients.where('u.id', notice.audience.userId);
  else if ('departmentClerks' in notice.audience)
    recipients.where({ 'u.role': 'clerk', 'u.department_id': notice.audience.departmentClerks });
  else {
    const dept = notice.audience.managers;
    recipients.where('u.role', 'manager').andWhere((w) => {
      w.whereNull('u.department_id');
      if (dept) w.orWhere('u.department_id', dept);
    });
  }
  return {
    sql: `insert into notifications (user_id, case_id, kind, title_zh, title_en, body_zh, body_en, link, created_at)
     select r.id, ?, ?, ?, ?, ?, ?, ?, ? from (${recipients.toQuery()}) r${guard ? ` where ${guard}` : ''}`,
    bindings: [
      notice.caseId,
      text.kind,
      text.title.zh,
      text.title.en,
      text.body.zh,
      text.body.en,
      notice.link,
      notice.at,
    ],
  };
}

/**
 * Writes one notification per recipient in one statement (insert … select), in the caller's
 * transaction, and — when `outbound` — an outbox row per e-mail address and mobile the
 * recipients left, so the message leaves exactly when the event commits.
 */
export async function notify(trx: Knex.Transaction, input: Notice & { outbound?: boolean }): Promise<void> {
  const { text } = input;
  const insert = noticeInsert(trx, input);
  const { rows } = await trx.raw<{ rows: { id: string; user_id: string }[] }>(
    `${insert.sql} returning id, user_id`,
    insert.bindings,
  );
  if (!input.outbound || rows.length === 0) return;
  // E-mail and SMS carry the Chinese text first, then the English.
  await trx.raw(
    `insert into outbox (notification_id, channel, recipient, subject, body, created_at, next_attempt_at)
     select n.id, ch.channel, ch.recipient, ?, ?, ?, ?
       from unnest(?::bigint[], ?::uuid[]) as n(id, user_id)
       join notification_contacts c on c.user_id = n.user_id
       cross join lateral (values ('email', c.email), ('sms', c.mobile)) as ch(channel, recipient)
      where ch.recipient is not null`,
    [
      `${text.title.zh} / ${text.title.en}`,
      `${text.body.zh}\n\n${text.body.en}`,
      input.at,
      input.at,
      rows.map((r) => r.id),
      rows.map((r) => r.user_id),
    ],
  );
}

/** A user's notifications, newest first, keyset-paginated by id. */
/** A notification with its case's number. */
export interface NotificationRow {
  /** bigserial: pg gives it as a string. */
  id: string;
  user_id: string;
  case_id: string | null;
  kind: string;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
  case_number: string | null;
}

export function notificationRows(
  db: Db,
  userId: string,
  options: { before?: number; limit: number; unread?: boolean },
): RowsQuery<NotificationRow> {
  const q = db('notifications as n')
    .leftJoin('cases as c', 'c.id', 'n.case_id')
    .where('n.user_id', userId)
    .orderBy('n.id', 'desc')
    .limit(options.limit)
    .select('n.*', 'c.case_number');
  if (options.before) q.andWhere('n.id', '<', options.before);
  if (options.unread) q.whereNull('n.read_at');
  return rowsOf<NotificationRow>(q);
}

/** How many of a user's notifications are unread (the partial index keeps this cheap). */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const row = await db('notifications')
    .where({ user_id: userId })
    .whereNull('read_at')
    .count<{ count: string }[]>('* as count');
  return Number(row[0]?.count ?? 0);
}

/** Marks one of a user's notifications read (again: unchanged); false when it is not theirs. */
export async function markNotificationRead(
  db: Db,
  userId: string,
  id: number,
  now: string,
): Promise<boolean> {
  const row: { id: string; read_at: Date | null } | undefined = await db('notifications')
    .where({ id, user_id: userId })
    .first('id', 'read_at');
  if (!row) return false;
  if (!row.read_at) await db('notifications').where({ id: row.id }).update({ read_at: now });
  return true;
}

/** Marks every unread notification of a user read. */
export async function markAllNotificationsRead(db: Db, userId: string, now: string): Promise<void> {
  await db('notifications').where({ user_id: userId }).whereNull('read_at').update({ read_at: now });
}

/** Where a user's notifications are also sent (e-mail, SMS); null stops a channel. */
export async function setNotificationContacts(
  db: Db,
  userId: string,
  contacts: { email: string | null; mobile: string | null },
): Promise<void> {
  await db('notification_contacts')
    .insert({ user_id: userId, email: contacts.email, mobile: contacts.mobile })
    .onConflict('user_id')
    .merge(['email', 'mobile']);
}
