/**
 * Open work at scale in Yijian's own tables, fast: a few template cases are driven through the
 * API to different stages (at the window, accepted, one, two, … steps done), then cloned with
 * `generate_series` inserts — cases, their steps, item clocks, materials, subscriptions, jobs
 * (keys and payloads rewritten to the clone's ids) and the head of the audit chain. Each clone's
 * dates move 0–59 days, so deadlines and groups spread as in a real province.
 *
 * Clones are real cases: the engine can move them on (their snapshots are the templates'), so the
 * benchmark completes their steps through HTTP. Only the last audit event of each template is
 * copied (the chain head a command appends to), to keep the 1 M database within a few GB.
 */
import { ApiClient, restaurantForm } from '@yijian/examples';
import { recountMonitorCounts } from '@yijian/runtime-api';
import type { Knex } from 'knex';

export interface Templates {
  /** Template case ids; clones copy them round-robin. */
  caseIds: string[];
  /** Open (and claimed) tasks per template case, in the same order. */
  openTasks: number[];
}

// biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON from the API.
type Json = any;

/**
 * Files restaurant cases through the API: one left at the window, and one per stage of the
 * process after acceptance (0, 1, 2, … steps completed), until a case has no open step left.
 */
export async function buildTemplates(serverUrl: string, knex: Knex, maxStages = 8): Promise<Templates> {
  const clients = new Map<string, ApiClient>();
  const as = async (username: string) => {
    let c = clients.get(username);
    if (!c) {
      c = await new ApiClient(serverUrl).login(username);
      clients.set(username, c);
    }
    return c;
  };
  const file = async (): Promise<string> => {
    const res = await (await as('zhangsan')).post('/api/cases', {
      bundleKey: 'restaurant',
      form: restaurantForm,
    });
    if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };
  const openTasks = async (caseId: string): Promise<Json[]> => {
    const res = await (await as('admin')).get(`/api/cases/${caseId}`);
    return (res.body.tasks as Json[]).filter((t) => t.status === 'open' || t.status === 'claimed');
  };
  const act = async (task: Json) => {
    const clerk = await as(`${task.departmentId}.clerk`);
    // An item's decision step concludes with 准予许可, never a plain 办结.
    const res =
      task.kind === 'intake'
        ? await clerk.post(`/api/tasks/${task.id}/intake`, { decision: 'accept' })
        : task.decisionStep
          ? await clerk.post(`/api/tasks/${task.id}/decision`, { decision: 'grant' })
          : await clerk.post(`/api/tasks/${task.id}/complete`, { outcome: 'approved' });
    if (res.status !== 200)
      throw new Error(`${task.kind} ${task.id}: ${res.status} ${JSON.stringify(res.body)}`);
  };

  const caseIds = [await file()];
  for (let stage = 0; stage < maxStages; stage++) {
    const caseId = await file();
    await act((await openTasks(caseId))[0]);
    let alive = true;
    for (let done = 0; done < stage && alive; done++) {
      const step = (await openTasks(caseId)).find((t) => t.kind === 'step');
      if (step) await act(step);
      else alive = false;
    }
    if (!alive || !(await openTasks(caseId)).some((t) => t.kind === 'step')) break;
    caseIds.push(caseId);
  }
  const counts = await knex('tasks')
    .whereIn('case_id', caseIds)
    .whereIn('status', ['open', 'claimed'])
    .groupBy('case_id')
    .select('case_id', knex.raw('count(*)::int as n'));
  const byCase = new Map(counts.map((r) => [r.case_id as string, r.n as number]));
  return { caseIds, openTasks: caseIds.map((id) => byCase.get(id) ?? 0) };
}

interface Column {
  name: string;
  type: string;
}

async function columnsOf(knex: Knex, table: string): Promise<Column[]> {
  const { rows } = await knex.raw(
    `select column_name as name, data_type as type from information_schema.columns
     where table_schema = current_schema() and table_name = ? order by ordinal_position`,
    [table],
  );
  return rows;
}

/** The copy of one column of a template row `t` for clone `m`: dates move by the clone's shift. */
function copied(column: Column, overrides: Record<string, string>): string {
  if (column.name in overrides) return overrides[column.name]!;
  const ref = `t.${column.name}`;
  if (column.type === 'date') return `${ref} + m.shift`;
  if (column.type.startsWith('timestamp')) return `${ref} + m.shift * interval '1 day'`;
  return ref;
}

async function cloneTable(
  trx: Knex.Transaction,
  table: string,
  input: { from: string; overrides: Record<string, string>; omit?: string[] },
) {
  const columns = (await columnsOf(trx, table)).filter((c) => !input.omit?.includes(c.name));
  await trx.raw(
    `insert into ${table} (${columns.map((c) => `"${c.name}"`).join(', ')})
     select ${columns.map((c) => copied(c, input.overrides)).join(', ')} ${input.from}`,
  );
}

/** Open tasks stored now (the generator's unit). */
export async function countOpenTasks(knex: Knex): Promise<number> {
  const { rows } = await knex.raw("select count(*)::int as n from tasks where status in ('open','claimed')");
  return rows[0].n;
}

/**
 * Clones the templates until `openTasks` open tasks are stored, in batches of about `batchCases`
 * cases (one transaction each, triggers and foreign-key checks off: the rows are copies of valid
 * ones), then recounts the monitor counters and ANALYZEs. Applicants are generated users, one per
 * five cases; every thousandth case belongs to the demo applicant zhangsan. `knex` is the
 * schema owner's (a superuser's on a test server): the app's own login may not skip triggers or
 * ANALYZE tables it does not own.
 */
export async function generateOpenWork(
  knex: Knex,
  templates: Templates,
  input: { openTasks: number; batchCases?: number; onProgress?: (open: number, target: number) => void },
): Promise<{ openTasks: number; cases: number; jobs: number }> {
  const perCase = templates.openTasks.reduce((a, b) => a + b, 0) / templates.caseIds.length;
  const batchCases = input.batchCases ?? 20_000;
  const { rows: seqRows } = await knex.raw(
    "select coalesce(max(substr(case_number, 4)::bigint), 0)::bigint as last from cases where case_number like 'YJB%'",
  );
  let next = Number(seqRows[0].last) + 1;
  let open = await countOpenTasks(knex);
  input.onProgress?.(open, input.openTasks);
  const zhangsan = await knex('users').where({ username: 'zhangsan' }).first('id', 'password_hash');
  const templateArray = `array[${templates.caseIds.map((id) => `'${id}'::uuid`).join(',')}]`;

  while (open < input.openTasks) {
    const cases = Math.max(1, Math.min(batchCases, Math.ceil((input.openTasks - open) / perCase)));
    const from = next;
    const to = next + cases - 1;
    next = to + 1;
    await knex.transaction(async (trx) => {
      // Bulk cloning is the owner's work (the app's login may not skip triggers).
      await trx.raw('set local session_replication_role = replica');
      // One generated applicant per five cases (the same five across batches).
      await trx.raw(
        `insert into users (username, display_name, password_hash, role)
         select 'bench.applicant.' || a, '申请人' || a, ?, 'applicant'
         from generate_series(?::bigint / 5, ?::bigint / 5) a on conflict (username) do nothing`,
        [zhangsan.password_hash, from, to],
      );
      await trx.raw(
        `create temp table clone_map on commit drop as
         select g, (${templateArray})[1 + g % ${templates.caseIds.length}] as template,
                gen_random_uuid() as new_case, ((g * 7) % 60)::int as shift,
                case when g % 1000 = 0 then ?::uuid
                     else (select id from users where username = 'bench.applicant.' || (g / 5)) end as applicant
         from generate_series(?::bigint, ?::bigint) g`,
        [zhangsan.id, from, to],
      );
      await trx.raw(
        `create temp table task_map on commit drop as
         select m.g, t.id as old_id, gen_random_uuid() as new_id
         from clone_map m join tasks t on t.case_id = m.template`,
      );
      await cloneTable(trx, 'cases', {
        from: 'from clone_map m join cases t on t.id = m.template',
        overrides: {
          id: 'm.new_case',
          case_number: "'YJB' || lpad(m.g::text, 10, '0')",
          applicant_id: 'm.applicant',
        },
      });
      await cloneTable(trx, 'tasks', {
        from: 'from task_map tm join clone_map m on m.g = tm.g join tasks t on t.id = tm.old_id',
        overrides: { id: 'tm.new_id', case_id: 'm.new_case' },
      });
      for (const table of ['case_items', 'case_materials', 'case_subscriptions']) {
        await cloneTable(trx, table, {
          from: `from clone_map m join ${table} t on t.case_id = m.template`,
          overrides: { case_id: 'm.new_case' },
        });
      }
      const rewrite = (expr: string) =>
        `replace(replace(${expr}, m.template::text, m.new_case::text), coalesce(tm.old_id::text, '-'), coalesce(tm.new_id::text, '-'))`;
      await cloneTable(trx, 'jobs', {
        from: `from clone_map m join jobs t on t.case_id = m.template
               left join task_map tm on tm.g = m.g and tm.old_id::text = split_part(t.key, ':', 2)`,
        overrides: {
          key: rewrite('t.key'),
          payload: `${rewrite('t.payload::text')}::jsonb`,
          case_id: 'm.new_case',
        },
        omit: ['id'],
      });
      await cloneTable(trx, 'case_events', {
        from: `from clone_map m join lateral (select * from case_events e where e.case_id = m.template
               order by e.seq desc limit 1) t on true`,
        overrides: { case_id: 'm.new_case' },
      });
    });
    for (let g = from; g <= to; g++) open += templates.openTasks[g % templates.caseIds.length]!;
    input.onProgress?.(open, input.openTasks);
  }
  await recountMonitorCounts(knex);
  // As the owner too: the app's login may not ANALYZE tables it does not own (it would skip them).
  await knex.raw('analyze');
  const { rows } = await knex.raw(
    'select (select count(*) from cases)::int as cases, (select count(*) from jobs)::int as jobs',
  );
  return { openTasks: open, cases: rows[0].cases, jobs: rows[0].jobs };
}

/** A one-line progress bar on stderr: `[#######……] 42% 420,000 / 1,000,000 open tasks 31 s`. */
export function progressBar(label: string): (done: number, total: number) => void {
  const started = performance.now();
  return (done, total) => {
    const share = Math.min(1, done / total);
    const width = 30;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '·');
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    process.stderr.write(
      `\r  ${label} [${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')} / ${total.toLocaleString('en')} ${seconds} s${share >= 1 ? '\n' : ''}`,
    );
  };
}
