import type { Knex } from 'knex';

/**
 * Documents, results and notifications (文书、结果送达、消息):
 * - `case_documents`: the PDF letters and certificates of a case (受理通知书 …), their bytes in
 *   `files` (stored once by SHA-256), one per case, kind and the audit event that caused it.
 * - `case_deliveries`: 送达 — how results were handed over (window, post with tracking number,
 *   electronic) and when the applicant confirmed electronic receipt.
 * - `notifications`: the in-app notification centre, one row per recipient (unread = read_at null).
 * - `notification_contacts`: where a user's outbound notifications go (e-mail, mobile).
 * - `outbox`: outbound messages written in the notification's transaction, delivered and retried
 *   with backoff by the job worker (jobs/deliverOutbox.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_documents', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('kind').notNullable();
    t.text('item_code').references('items.code');
    t.text('title_zh').notNullable();
    t.text('title_en').notNullable();
    t.text('filename').notNullable();
    t.text('sha256').notNullable().references('files.sha256');
    t.text('issuing_department_id').references('departments.id');
    t.date('issued_on').notNullable();
    // The audit event the document answers; a job run twice issues it once.
    t.integer('source_seq').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['case_id', 'kind', 'source_seq']);
  });

  await knex.schema.createTable('case_deliveries', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('case_id').notNullable().references('cases.id');
    t.text('method').notNullable();
    t.text('tracking_number');
    t.uuid('delivered_by').references('users.id');
    t.timestamp('delivered_at', { useTz: true }).notNullable();
    t.timestamp('confirmed_at', { useTz: true });
    t.uuid('confirmed_by').references('users.id');
  });
  await knex.raw(`alter table case_deliveries add constraint case_deliveries_method_check
    check (method in ('window','post','electronic'))`);
  await knex.raw(`alter table case_deliveries add constraint case_deliveries_post_tracking_check
    check (method <> 'post' or tracking_number is not null)`);
  await knex.raw('create index case_deliveries_case_idx on case_deliveries (case_id, delivered_at)');

  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.uuid('user_id').notNullable().references('users.id');
    t.uuid('case_id').references('cases.id');
    t.text('kind').notNullable();
    t.text('title_zh').notNullable();
    t.text('title_en').notNullable();
    t.text('body_zh').notNullable();
    t.text('body_en').notNullable();
    t.text('link');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('read_at', { useTz: true });
  });
  // The centre lists a user's newest first; the badge counts the unread ones.
  await knex.raw('create index notifications_user_idx on notifications (user_id, id desc)');
  await knex.raw('create index notifications_unread_idx on notifications (user_id) where read_at is null');

  // A new step notifies its department's clerks: found through this index, not a scan of users.
  await knex.raw('create index users_department_role_idx on users (department_id, role)');

  await knex.schema.createTable('notification_contacts', (t) => {
    t.uuid('user_id').primary().references('users.id');
    t.text('email');
    t.text('mobile');
  });

  await knex.schema.createTable('outbox', (t) => {
    t.bigIncrements('id');
    t.bigInteger('notification_id').references('notifications.id');
    t.text('channel').notNullable();
    t.text('recipient').notNullable();
    t.text('subject').notNullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('sent_at', { useTz: true });
    t.timestamp('failed_at', { useTz: true });
    t.text('provider_message_id');
  });
  await knex.raw(`alter table outbox add constraint outbox_channel_check check (channel in ('email','sms'))`);
  // Only pending messages are ever swept: cost follows what is due.
  await knex.raw(
    'create index outbox_due_idx on outbox (next_attempt_at, id) where sent_at is null and failed_at is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox');
  await knex.schema.dropTable('notification_contacts');
  await knex.schema.dropTable('notifications');
  await knex.raw('drop index if exists users_department_role_idx');
  await knex.schema.dropTable('case_deliveries');
  await knex.schema.dropTable('case_documents');
}
