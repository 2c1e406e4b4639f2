import {
  type ClockSnapshot,
  type Effect,
  type Limit,
  recountDeadline,
  shanghaiDate,
  type WorkCalendar,
} from '@yijian/engine';
import type { Knex } from 'knex';
import { loadCalendar, NATIONAL_REGION } from '../catalogue/calendarCache';
import { applyCaseEvent } from '../commands/applyCaseEvent';
import type { AppContext } from '../context';
import { writeWorkDeadline } from '../effects/deadlineEffects';

/** Case phases that still have a deadline running: the window, the clock, the issuance. */
const LIVE_PHASES = ['preReview', 'inProgress', 'concluded'];

/**
 * Everything that depends on the calendar of `region` from 1 January of `year` on, counted again
 * inside the loader's transaction (which sees the new notice):
 * - each live case gets the engine event `calendar.changed`, which moves the window's notice
 *   deadline and the deemed-acceptance timer (Art. 32), the statutory clock in the snapshot with
 *   the case deadline and its jobs, and the issuance deadline (Art. 44) — snapshot and rows agree;
 * - each open step and item deadline is counted again from its recorded basis (start date and
 *   limit) with its 提醒/催办 jobs; a paused one gets its working days left counted again from the
 *   day its case paused.
 * A national notice reaches every region (regions overlay the national calendar); a regional one
 * only the cases counted in that region. Returns how many deadlines moved.
 */
export async function recomputeDeadlines(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { region: string; year: number; now: string; actorId: string | null },
): Promise<number> {
  const today = shanghaiDate(input.now);
  const yearStart = `${input.year}-01-01`;
  const calendars = new Map<string, Promise<WorkCalendar>>();
  const calendarOf = (region: string | null) => {
    const key = region ?? NATIONAL_REGION;
    let calendar = calendars.get(key);
    if (!calendar) {
      calendar = loadCalendar(trx, key);
      calendars.set(key, calendar);
    }
    return calendar;
  };
  const inScope = (q: Knex.QueryBuilder) =>
    input.region === NATIONAL_REGION ? q : q.where('c.calendar_region', input.region);
  let moved = 0;

  // 1. The engine's own deadlines, one case at a time in id order (the order every locker uses).
  const cases = await inScope(
    trx('cases as c')
      .whereIn('c.status', LIVE_PHASES)
      .whereNull('c.delivered_at')
      .where((q) =>
        q
          .where('c.due_provisional', true)
          .orWhere('c.due_date', '>=', yearStart)
          .orWhere('c.issuance_provisional', true)
          .orWhere('c.issuance_due_date', '>=', yearStart)
          .orWhereExists(
            trx('tasks as it')
              .whereRaw('it.case_id = c.id')
              .where('it.kind', 'intake')
              .whereIn('it.status', ['open', 'claimed'])
              .where((w) => w.where('it.due_provisional', true).orWhere('it.due_date', '>=', yearStart)),
          ),
      ),
  )
    .orderBy('c.id')
    .select('c.id', 'c.calendar_region');
  for (const kase of cases) {
    await trx('cases').where({ id: kase.id }).forUpdate().first('id');
    const intakeBefore = await trx('tasks')
      .where({ case_id: kase.id, kind: 'intake' })
      .whereIn('status', ['open', 'claimed'])
      .first('activation_key', 'due_date');
    const calendar = await calendarOf(kase.calendar_region);
    let effects: Effect[];
    try {
      // A savepoint: one case the engine cannot step (a fault in its data) must not keep the
      // notice from every other case; it keeps its old deadlines and an admin is told.
      ({ effects } = await trx.transaction((sp) =>
        applyCaseEvent(ctx, sp, {
          caseId: kase.id,
          event: { type: 'calendar.changed' },
          actorId: input.actorId,
          now: input.now,
          calendar,
        }),
      ));
    } catch (error) {
      ctx.log.warn({ caseId: kase.id, err: error }, 'calendar.changed failed; the case keeps its deadlines');
      await trx('admin_notifications')
        .insert({
          key: `calendar.recountFailed:${kase.id}:${input.region}:${input.year}`,
          kind: 'calendar.recountFailed',
          title_zh: `办件 ${kase.id} 的期限未能按 ${input.year} 年日历重算`,
          title_en: `The deadlines of case ${kase.id} could not be recounted with the ${input.year} calendar`,
          detail: JSON.stringify({
            caseId: kase.id,
            region: input.region,
            year: input.year,
            error: String((error as Error).message),
          }),
          created_at: input.now,
        })
        .onConflict('key')
        .ignore();
      continue;
    }
    moved += effects.filter((e: Effect) =>
      e.type === 'intake.deadline'
        ? e.dueDate !== intakeBefore?.due_date
        : e.type === 'case.deadline' || e.type === 'case.issuance',
    ).length;
  }

  // 2. Steps and items, from the basis each row keeps: the engine counts (recountDeadline), the
  // rows and their jobs are written as for any moved deadline (effects/deadlineEffects.ts).
  const pausedSince = (clock: ClockSnapshot | null) =>
    clock?.state === 'paused' ? clock.context.pauses.at(-1)!.from : today;
  const touched = (q: Knex.QueryBuilder, alias: string) =>
    q.where((w) => w.where(`${alias}.due_provisional`, true).orWhere(`${alias}.due_date`, '>=', yearStart));

  const tasks: {
    id: string;
    case_id: string;
    due_start_date: string;
    due_limit: Limit;
    due_date: string | null;
    paused_remaining: number | null;
    calendar_region: string | null;
    clock: ClockSnapshot | null;
  }[] = await inScope(
    touched(
      trx('tasks as t')
        .join('cases as c', 'c.id', 't.case_id')
        .where('t.kind', 'step')
        .whereIn('t.status', ['open', 'claimed'])
        .whereNotNull('t.due_limit')
        .whereNotNull('t.due_start_date'),
      't',
    ),
  )
    .orderBy('t.id')
    .forUpdate('t')
    .select(
      't.id',
      't.case_id',
      't.due_start_date',
      't.due_limit',
      't.due_date',
      't.paused_remaining',
      'c.calendar_region',
      'c.clock',
    );
  for (const row of tasks) {
    const calendar = await calendarOf(row.calendar_region);
    const paused = row.paused_remaining !== null;
    const effect = recountDeadline(
      {
        kind: 'task',
        key: row.id,
        dueDate: row.due_date,
        paused,
        pausedRemaining: row.paused_remaining,
        startDate: row.due_start_date,
        limit: row.due_limit,
      },
      { calendar, pausedSince: pausedSince(row.clock) },
    );
    await writeWorkDeadline(trx, row.case_id, effect, { today, calendar });
    if (effect.dueDate !== row.due_date) moved += 1;
  }

  const items: {
    case_id: string;
    scope_key: string;
    status: string;
    due_start_date: string;
    due_limit: Limit;
    due_date: string | null;
    paused_remaining: number | null;
    calendar_region: string | null;
    clock: ClockSnapshot | null;
  }[] = await inScope(
    touched(
      trx('case_items as ci')
        .join('cases as c', 'c.id', 'ci.case_id')
        .whereIn('ci.status', ['running', 'paused']),
      'ci',
    ),
  )
    .orderBy(['ci.case_id', 'ci.scope_key'])
    .forUpdate('ci')
    .select(
      'ci.case_id',
      'ci.scope_key',
      'ci.status',
      'ci.due_start_date',
      'ci.due_limit',
      'ci.due_date',
      'ci.paused_remaining',
      'c.calendar_region',
      'c.clock',
    );
  for (const row of items) {
    const calendar = await calendarOf(row.calendar_region);
    const effect = recountDeadline(
      {
        kind: 'item',
        key: row.scope_key,
        dueDate: row.due_date,
        paused: row.status === 'paused',
        pausedRemaining: row.paused_remaining,
        startDate: row.due_start_date,
        limit: row.due_limit,
      },
      { calendar, pausedSince: pausedSince(row.clock) },
    );
    await writeWorkDeadline(trx, row.case_id, effect, { today, calendar });
    if (effect.dueDate !== row.due_date) moved += 1;
  }
  return moved;
}
