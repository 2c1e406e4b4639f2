import type { ApiClient } from '@yijian/examples';
import { ApiClient as Client } from '@yijian/examples';
import type { FormField, FormSchema } from '@yijian/process-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

const business = '000104001000';
const signage = '000143017000';
const fire = '000125049000';
/** Optional in the field dictionary: an applicant may leave it empty. */
const capital = 'entity.registeredCapital';

let server: TestServer;
const sessions = new Map<string, Promise<ApiClient>>();
/** One logged-in client per user: logging in hashes a password, so it is done once. */
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new Client(server.url).login(username));
  return sessions.get(username)!;
};

beforeAll(async () => {
  server = await startTestServer('incidents');
});
afterAll(async () => {
  await server?.dispose();
});

/**
 * 开办公司并设招牌: the signage item applies to companies with more than 1,000,000 yuan of
 * registered capital — a condition on an answer the form does not require.
 */
const company = {
  key: 'companySign',
  name: { zh: '开办公司并设置招牌', en: 'Open a company with a shop sign' },
  description: {
    zh: '营业执照办结后，注册资本超过100万元的设置户外招牌。',
    en: 'After the business licence: the shop sign for a registered capital above 1,000,000 yuan.',
  },
  leadDepartmentId: 'market',
  items: [{ itemCode: business }, { itemCode: signage, when: `${capital} > 100` }],
  prerequisites: [{ before: business, after: signage }],
};

/** A valid answer for one field, within its validation rules. */
function sampleAnswer(field: FormField): unknown {
  const v = field.validate ?? {};
  switch (field.type) {
    case 'checkbox':
      return false;
    case 'select':
      return field.values?.[0]?.value;
    case 'number':
      return Math.min(v.max ?? 400, Math.max(v.min ?? 0, 400));
    default: {
      if (v.pattern === '^[0-9]{17}[0-9Xx]$') return '11010519491231002X';
      if (v.pattern === '^1[3-9][0-9]{9}$') return '13800138000';
      return '示例内容示例内容'.slice(0, v.maxLength ?? 8);
    }
  }
}

/** Files a case on the bundle with every answer but the registered capital, and accepts it. */
async function fileWithoutCapital(bundleKey: string): Promise<string> {
  const applicant = await as('zhangsan');
  const form = (await applicant.get(`/api/bundles/${bundleKey}`)).body.form as FormSchema;
  expect(form.components.some((f) => f.key === capital && !f.validate?.required)).toBe(true);
  const answers = Object.fromEntries(
    form.components.filter((f) => f.key !== capital).map((f) => [f.key, sampleAnswer(f)]),
  );
  const filed = await applicant.post('/api/cases', { bundleKey, form: answers });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  await acceptAtWindow(server.url, filed.body.id);
  return filed.body.id;
}

/** Completes every open task with its department's clerk until the case concludes or gets stuck. */
async function drive(caseId: string): Promise<string[]> {
  const admin = await as('admin');
  const worked: string[] = [];
  for (let round = 0; round < 30; round++) {
    const detail = await admin.get(`/api/cases/${caseId}`);
    expect(detail.status).toBe(200);
    const open = detail.body.openTasks as { id: string; departmentId: string }[];
    if (detail.body.status === 'concluded' || open.length === 0) return worked;
    for (const task of open) {
      const clerk = await as(`${task.departmentId}.clerk`);
      const done = await concludeStep(clerk, task.id);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      worked.push(task.departmentId);
    }
  }
  throw new Error(`case ${caseId} did not settle after 30 rounds`);
}

/** The rows a refused repair must leave as they were. */
async function caseState(caseId: string) {
  const kase = await server.knex('cases').where({ id: caseId }).first('version', 'form_data', 'snapshot');
  const events = await server.knex('case_events').where({ case_id: caseId }).count({ n: '*' }).first();
  const incidents = await server.knex('incidents').where({ case_id: caseId }).orderBy('id').select();
  return { kase, events: Number(events?.n), incidents };
}

describe('Given a bundle whose condition has a FEEL syntax error', () => {
  it('should refuse to publish it, naming the item and the expression, and deploy nothing', async () => {
    // When the designer publishes a condition written with a typo
    const designer = await as('designer');
    const before = await server.knex('process_definitions').count({ n: '*' }).first();
    const res = await designer.post('/api/bundles', {
      ...company,
      key: 'typoBundle',
      items: [{ itemCode: business }, { itemCode: fire, when: 'shop.area >>> 300' }],
      prerequisites: [{ before: business, after: fire }],
    });

    // Then it is refused, pointing at the item's condition and quoting it
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    const text = `${res.body.error.message} ${JSON.stringify(res.body.error.details)}`;
    expect(text).toContain('shop.area >>> 300');
    expect(res.body.error.details?.[0]?.path).toBe('items.1.when');
    expect(text).toContain(fire);
    // and nothing was deployed
    const after = await server.knex('process_definitions').count({ n: '*' }).first();
    expect(after?.n).toEqual(before?.n);
  });
});

describe('Given a case stuck on a condition that reads an answer the applicant left empty', () => {
  let caseId: string;
  let incidentId: string;

  beforeAll(async () => {
    const published = await (await as('designer')).post('/api/bundles', company);
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    caseId = await fileWithoutCapital('companySign');
    // The business licence concludes; the signage condition then reads the missing capital.
    expect(new Set(await drive(caseId))).toEqual(new Set(['market']));
  });

  it('should show the manager an incident at the gateway, with its message, and the case red', async () => {
    // When the manager opens the case
    const manager = await as('manager');
    const detail = await manager.get(`/api/cases/${caseId}`);

    // Then it carries one open incident with the element, the message and what raised it
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('inProgress');
    expect(detail.body.incidentState).toBe('incident');
    expect(detail.body.incidents).toHaveLength(1);
    const [incident] = detail.body.incidents;
    expect(incident).toMatchObject({
      caseId,
      caseNumber: detail.body.caseNumber,
      source: 'engine',
      status: 'open',
      attempts: 1,
      bundleKey: 'companySign',
    });
    expect(incident.elementId).toBeTruthy();
    expect(incident.message).toContain(capital);
    // in both languages: the English one is `message`, the Chinese one says the same, 政务-style
    expect(incident.code).toBe('condition_not_boolean');
    expect(incident.messages.en).toBe(incident.message);
    const flow = /on flow (\S+) \(after /.exec(incident.message)?.[1];
    expect(incident.messages.zh).toBe(
      `条件“${capital} > 100”（流向 ${flow}，在 ${incident.elementId} 之后）的结果为 null（FEEL 空值），不是真或假（null > 100 与空值比较）；请修正它读取的变量或条件。`,
    );
    expect(incident.raisedBy.event).toBe('task.complete');
    incidentId = incident.id;
    // and the case is red for staff though its clock has days left, never green
    expect(detail.body.deadline.light).toBe('red');
    expect(detail.body.clock.remainingWorkingDays).toBeGreaterThan(1);
    // and the timeline says an incident was raised there, with the same sentence in both languages
    const raised = detail.body.timeline.find((e: { type: string }) => e.type === 'incident.raised');
    expect(raised).toMatchObject({ elementId: incident.elementId, messages: incident.messages });
    expect(
      detail.body.timeline.find((e: { type: string }) => e.type !== 'incident.raised').messages,
    ).toBeNull();
    // and the operators' incident list carries both too
    const listed = await manager.get('/api/incidents?bundleKey=companySign');
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.find((i: { id: string }) => i.id === incident.id)?.messages).toEqual(
      incident.messages,
    );

    // And the case list shows it red with the incident state
    const list = await manager.get('/api/cases?status=open');
    const row = list.body.find((c: { id: string }) => c.id === caseId);
    expect(row).toMatchObject({ incidentState: 'incident', deadline: { light: 'red' } });

    // And a clerk of the department working on it sees the incident too
    const clerk = await as('market.clerk');
    expect((await clerk.get(`/api/cases/${caseId}`)).body.incidents).toHaveLength(1);
  });

  it('should tell the applicant only that a technical problem is being handled', async () => {
    const applicant = await as('zhangsan');
    const detail = await applicant.get(`/api/cases/${caseId}`);
    expect(detail.body.incidentState).toBe('beingHandled');
    expect(detail.body.incidents).toEqual([]);
    expect(JSON.stringify(detail.body.timeline)).not.toContain('incident');
    expect(JSON.stringify(detail.body)).not.toContain(capital.concat(' >'));
    // and the applicant's own light is the clock's, not the operators' red
    expect(detail.body.deadline.light).not.toBe('red');
  });

  it('should count the incident per bundle in the monitor summary and list it with the case number', async () => {
    const manager = await as('manager');
    const summary = await manager.get('/api/monitor/summary');
    expect(summary.status).toBe(200);
    const bundle = summary.body.byBundle.find((b: { bundleKey: string }) => b.bundleKey === 'companySign');
    expect(bundle).toMatchObject({ incidents: 1, incidentCases: 1, red: 1, green: 0, yellow: 0 });
    expect(summary.body.totals).toMatchObject({ incidents: 1, incidentCases: 1 });

    const list = await manager.get('/api/incidents?bundleKey=companySign');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({ id: incidentId, caseId, caseNumber: expect.any(String) });
    expect((await manager.get('/api/incidents?bundleKey=restaurant')).body).toEqual([]);
    // Only managers and admins read the list
    expect((await (await as('market.clerk')).get('/api/incidents')).status).toBe(403);
    // And the API document describes the incident routes
    const doc = (await manager.get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/incidents',
        '/api/admin/cases/{caseId}/incidents/{incidentId}/retry',
        '/api/admin/cases/{caseId}/migrate',
      ]),
    );
    expect(doc.components.schemas.Incident).toBeTruthy();
  });

  it('should refuse bad repairs with 4xx and change nothing', async () => {
    const admin = await as('admin');
    const path = `/api/admin/cases/${caseId}/incidents/${incidentId}/retry`;
    const before = await caseState(caseId);

    const noReason = await admin.post(path, { variables: { [capital]: 500 } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('reason');
    const wrongType = await admin.post(path, { reason: '补录注册资本', variables: { [capital]: 'lots' } });
    expect(wrongType.status, JSON.stringify(wrongType.body)).toBe(400);
    expect(wrongType.body.error.details[0].path).toBe(`variables.${capital}`);
    const manager = await as('manager');
    expect((await manager.post(path, { reason: 'x' })).status).toBe(403);
    const elsewhere = await admin.post(
      `/api/admin/cases/${crypto.randomUUID()}/incidents/${incidentId}/retry`,
      {
        reason: 'x',
      },
    );
    expect(elsewhere.status).toBe(404);

    expect(await caseState(caseId)).toEqual(before);
  });

  it('should keep the incident open, one attempt more, when a retry fails again', async () => {
    const admin = await as('admin');
    const retried = await admin.post(`/api/admin/cases/${caseId}/incidents/${incidentId}/retry`, {
      reason: '先重试一次',
    });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ id: incidentId, status: 'open', attempts: 2 });
  });

  it('should resolve it when an admin sets the variable (audited) and retries; the case then concludes', async () => {
    // When the admin enters the capital the applicant gave by phone and retries, twice with one key
    const admin = await as('admin');
    const path = `/api/admin/cases/${caseId}/incidents/${incidentId}/retry`;
    const body = { reason: '申请人电话补报注册资本500万元', variables: { [capital]: 500 } };
    const retried = await admin.post(path, body, { 'Idempotency-Key': 'fix-capital-1' });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ id: incidentId, status: 'resolved', resolution: 'retried' });
    const again = await admin.post(path, body, { 'Idempotency-Key': 'fix-capital-1' });
    expect(again.body).toEqual(retried.body);

    // Then the audit log has the edit with before and after and the reason, and the resolution
    const detail = await admin.get(`/api/cases/${caseId}`);
    const edited = detail.body.timeline.find((e: { type: string }) => e.type === 'case.variablesEdited');
    expect(edited.actor.displayName).toBeTruthy();
    expect(edited.detail).toMatchObject({
      reason: body.reason,
      incidentId,
      changes: [{ name: capital, before: null, after: 500 }],
    });
    const types = detail.body.timeline.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'incident.retried')).toHaveLength(2);
    expect(types).toContain('incident.resolved');
    expect(detail.body.form[capital]).toBe(500);
    expect(detail.body.incidents).toEqual([]);
    expect(detail.body.incidentState).toBeNull();

    // And the signage step now opens (500 > 100); working it concludes the case
    expect(new Set(await drive(caseId))).toEqual(new Set(['urban']));
    expect((await admin.get(`/api/cases/${caseId}`)).body.status).toBe('concluded');
    const summary = await (await as('manager')).get('/api/monitor/summary');
    expect(summary.body.totals).toMatchObject({ incidents: 0, incidentCases: 0 });

    // And a resolved incident cannot be retried again
    const late = await admin.post(path, { reason: '再试' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('incident_not_open');
  });
});

describe('Given a stuck case and a fixed version of its bundle', () => {
  it('should move the case to the new version (audited) so that the retry runs the fixed model', async () => {
    // Given a case stuck on the missing capital
    const caseId = await fileWithoutCapital('companySign');
    await drive(caseId);
    const admin = await as('admin');
    const stuck = await admin.get(`/api/cases/${caseId}`);
    expect(stuck.body.incidents).toHaveLength(1);
    const fromVersion = stuck.body.definition.version;

    // Given a version without the signage item: the token's gateway is gone there
    const designer = await as('designer');
    const narrowed = await designer.post('/api/bundles', {
      ...company,
      items: [{ itemCode: business }],
      prerequisites: [],
    });
    expect(narrowed.status, JSON.stringify(narrowed.body)).toBe(201);
    const refused = await admin.post(`/api/admin/cases/${caseId}/migrate`, {
      toVersion: narrowed.body.version,
      reason: '试迁移',
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.error.code).toBe('migration_refused');
    expect(refused.body.error.details.map((d: { path: string }) => d.path)).toContain(
      stuck.body.incidents[0].elementId,
    );

    // When the designer publishes the condition fixed for an empty answer
    const fixed = await designer.post('/api/bundles', {
      ...company,
      items: [{ itemCode: business }, { itemCode: signage, when: `${capital} != null and ${capital} > 100` }],
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    const toVersion = fixed.body.version;
    expect(toVersion).toBeGreaterThan(fromVersion);

    // Then moving it to an older or unknown version is refused and changes nothing
    const path = `/api/admin/cases/${caseId}/migrate`;
    const before = await caseState(caseId);
    const older = await admin.post(path, { toVersion: fromVersion, reason: '回退' });
    expect(older.status).toBe(422);
    expect(older.body.error.code).toBe('migration_not_newer');
    expect((await admin.post(path, { toVersion: 99, reason: '无此版本' })).status).toBe(404);
    expect((await admin.post(path, { toVersion })).status).toBe(400);
    expect((await (await as('manager')).post(path, { toVersion, reason: 'x' })).status).toBe(403);
    expect(await caseState(caseId)).toEqual(before);

    // And the admin moves it, with a reason kept in the audit log
    const moved = await admin.post(path, { toVersion, reason: '条件已修正，迁移到新版本' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.definition.version).toBe(toVersion);
    const migrated = moved.body.timeline.find((e: { type: string }) => e.type === 'case.migrated');
    expect(migrated.detail).toMatchObject({ fromVersion, toVersion, reason: '条件已修正，迁移到新版本' });
    expect(moved.body.incidents[0].definitionVersion).toBe(toVersion);

    // And retrying runs the fixed condition: no signage for an unknown capital, the case concludes
    const retried = await admin.post(
      `/api/admin/cases/${caseId}/incidents/${moved.body.incidents[0].id}/retry`,
      {
        reason: '按新版本重试',
      },
    );
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body.status).toBe('resolved');
    expect(await drive(caseId)).toEqual([]);
    expect((await admin.get(`/api/cases/${caseId}`)).body.status).toBe('concluded');
  });
});

describe('Given a job that ran out of attempts on a case', () => {
  it('should arm the job again on retry and resolve the incident; variables are refused for a job', async () => {
    // Given an open case with a failed job and its incident (as the job worker leaves them)
    const caseId = await fileWithoutCapital('companySign');
    const jobKey = `case:${caseId}:test:failing`;
    await server.knex('jobs').insert({
      key: jobKey,
      kind: 'case.remind',
      case_id: caseId,
      run_at: '2099-01-01T00:00:00Z',
      attempts: 5,
      last_error: 'department system unreachable',
      // Where the job worker marks a job failed for good (once that column exists).
      ...((await server.knex.schema.hasColumn('jobs', 'failed_at'))
        ? { failed_at: new Date().toISOString() }
        : {}),
    });
    const [row] = await server
      .knex('incidents')
      .insert({
        case_id: caseId,
        key: `job:${jobKey}`,
        source: 'job',
        element_id: null,
        code: 'job_failed',
        message: 'case.remind failed 5 times: department system unreachable',
        attempts: 5,
        raised_by: JSON.stringify({ job: jobKey, kind: 'case.remind' }),
        raised_at: new Date().toISOString(),
      })
      .returning('id');
    const incidentId = String(row.id);
    const admin = await as('admin');
    const path = `/api/admin/cases/${caseId}/incidents/${incidentId}/retry`;

    // When the admin sends variables with it, that is refused: a job re-runs as it was
    const withVariables = await admin.post(path, { reason: '重试', variables: { [capital]: 1 } });
    expect(withVariables.status).toBe(422);
    expect(withVariables.body.error.code).toBe('variables_not_applicable');

    // When the admin retries it with a reason
    const retried = await admin.post(path, { reason: '部门系统已恢复' });

    // Then the incident is resolved and the job is due again with fresh attempts
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({
      id: incidentId,
      source: 'job',
      status: 'resolved',
      elementName: null,
      // a row written before incidents kept both languages: its English stands for both
      messages: {
        zh: 'case.remind failed 5 times: department system unreachable',
        en: 'case.remind failed 5 times: department system unreachable',
      },
    });
    const job = await server.knex('jobs').where({ key: jobKey }).first();
    expect(job).toMatchObject({ attempts: 0, failed_at: null });
    expect(new Date(job.run_at).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const types = (await admin.get(`/api/cases/${caseId}`)).body.timeline.map(
      (e: { type: string }) => e.type,
    );
    expect(types).toEqual(expect.arrayContaining(['incident.retried', 'incident.resolved']));
    await server.knex('jobs').where({ key: jobKey }).delete();
  });
});
