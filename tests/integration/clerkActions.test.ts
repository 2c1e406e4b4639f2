import { hash } from '@node-rs/argon2';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { drainDueJobs } from '@yijian/runtime-api';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
const sessions = new Map<string, Promise<ApiClient>>();
const as = (username: string): Promise<ApiClient> => {
  if (!sessions.has(username)) sessions.set(username, new ApiClient(server.url).login(username));
  return sessions.get(username)!;
};

const ITEM = {
  businessLicence: '000104001000',
  foodLicence: '000131024000',
  signage: '000143017000',
  environmentalFiling: '990160001000',
  fireCheck: '000125049000',
};
/** A 400 m² restaurant: the fire check runs beside food, signage and the environmental filing. */
const bigRestaurant = { ...restaurantForm, 'shop.area': 400, 'fire.safetyManager': '王安全' };

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
type Json = any;
let fireClerk2Id: string;

beforeAll(async () => {
  server = await startTestServer('clerk_actions');
  // A second fire-brigade clerk to transfer (转办) and delegate (委派) to.
  const [row] = await server
    .knex('users')
    .insert({
      username: 'fire.clerk2',
      display_name: '马丽（消防）',
      password_hash: await hash('yijian123'),
      role: 'clerk',
      department_id: 'fire',
    })
    .returning('id');
  fireClerk2Id = row.id;
});
afterAll(async () => {
  await server?.dispose();
});

async function file(form: Record<string, unknown> = bigRestaurant): Promise<string> {
  const filed = await (await as('zhangsan')).post('/api/cases', { bundleKey: 'restaurant', form });
  expect(filed.status, JSON.stringify(filed.body)).toBe(201);
  await acceptAtWindow(server.url, filed.body.id);
  return filed.body.id as string;
}

async function openStep(caseId: string, itemCode: string): Promise<Json> {
  const kase = await (await as('admin')).get(`/api/cases/${caseId}`);
  return (kase.body.tasks as Json[]).find(
    (t) => t.itemCode === itemCode && (t.status === 'open' || t.status === 'claimed'),
  );
}

/** Completes the item's steps up to (not including) `until`, as the department's clerk. */
async function workUntil(username: string, caseId: string, itemCode: string, until: string | null) {
  const clerk = await as(username);
  for (;;) {
    const task = await openStep(caseId, itemCode);
    if (!task || task.elementId.endsWith(`_${until}`)) return task;
    const done = await concludeStep(clerk, task);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  }
}

/** The text of every page of a PDF downloaded with the client's session. */
async function pdfTextOf(client: ApiClient, path: string): Promise<string> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${client.token}` } });
  expect(res.status).toBe(200);
  const pdf = await getDocument({
    data: new Uint8Array(await res.arrayBuffer()),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  let text = '';
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join('');
  }
  return text;
}

/** The user's notifications about the case, newest first. */
async function notificationsOf(username: string, caseId: string): Promise<Json[]> {
  const res = await (await as(username)).get('/api/notifications?limit=100');
  expect(res.status).toBe(200);
  return (res.body.notifications as Json[]).filter((n) => n.caseId === caseId);
}

async function timeline(caseId: string): Promise<Json[]> {
  return (await (await as('admin')).get(`/api/cases/${caseId}`)).body.timeline;
}

/** The audit chain is unbroken: every row's prev_hash is the previous row's hash. */
async function expectChainIntact(caseId: string) {
  const rows = await server.knex('case_events').where({ case_id: caseId }).orderBy('seq');
  for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
}

describe('Given the restaurant with the fire check (400 m²)', () => {
  it('should conclude the fire item refused with reasons, legal basis and remedies, and conclude the others', async () => {
    const caseId = await file();
    await workUntil('market.clerk', caseId, ITEM.businessLicence, null);
    // When the fire brigade reaches its decision step and refuses
    const decision = await workUntil('fire.clerk', caseId, ITEM.fireCheck, 'decision');
    expect(decision.elementId).toMatch(/_decision$/);
    const fire = await as('fire.clerk');
    // Then NOT without reasons and legal basis (Art. 38)
    const bare = await fire.post(`/api/tasks/${decision.id}/decision`, { decision: 'refuse' });
    expect(bare.status).toBe(400);
    // And NOT by another department (404: it does not learn the task exists)
    const urban = await as('urban.clerk');
    expect((await urban.post(`/api/tasks/${decision.id}/decision`, { decision: 'grant' })).status).toBe(404);
    // And NOT at a step that is not a decision step
    const signageIntake = await openStep(caseId, ITEM.signage);
    const notDecision = await urban.post(`/api/tasks/${signageIntake.id}/decision`, { decision: 'grant' });
    expect(notDecision.status).toBe(409);
    expect(notDecision.body.error.code).toBe('not_a_decision_step');
    // And NOT by a plain 办结: the decision step (by its model) concludes only with a decision
    expect(decision.decisionStep).toBe(true);
    expect(signageIntake.decisionStep).toBe(false);
    const plain = await fire.post(`/api/tasks/${decision.id}/complete`, { outcome: 'approved' });
    expect(plain.status).toBe(409);
    expect(plain.body.error.code).toBe('decision_step_needs_decision');
    expect(plain.body.error.messages['zh-CN']).toContain('许可决定');
    expect(plain.body.error.messages.en).toContain('decision');
    const queued = (await fire.get('/api/queue')).body.tasks.find((t: Json) => t.id === decision.id);
    expect(queued.decisionStep).toBe(true);

    const refused = await fire.post(`/api/tasks/${decision.id}/decision`, {
      decision: 'refuse',
      reasons: '疏散通道宽度不足，未设置应急照明',
      legalBasis: '《中华人民共和国消防法》第十五条',
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    // Then the fire item concluded: no step of it is open, its issuance never opens
    expect(await openStep(caseId, ITEM.fireCheck)).toBeUndefined();
    const fireDecision = (refused.body.decisions as Json[]).find((d) => d.itemCode === ITEM.fireCheck);
    expect(fireDecision).toMatchObject({
      decision: 'refused',
      reasons: '疏散通道宽度不足，未设置应急照明',
      legalBasis: '《中华人民共和国消防法》第十五条',
      remedies: { reconsiderationDays: 60, litigationMonths: 6 },
    });
    expect(fireDecision.remedies.zh).toContain('行政复议');

    // When the other items are worked through
    await workUntil('market.clerk', caseId, ITEM.foodLicence, null);
    await workUntil('urban.clerk', caseId, ITEM.signage, null);
    await workUntil('eco.clerk', caseId, ITEM.environmentalFiling, null);
    // Then the case concludes, and the applicant sees the outcome of the fire item
    const seen = await (await as('zhangsan')).get(`/api/cases/${caseId}`);
    expect(seen.body.status).toBe('concluded');
    expect((seen.body.decisions as Json[]).map((d) => `${d.itemCode}:${d.decision}`)).toContain(
      `${ITEM.fireCheck}:refused`,
    );
    const items = seen.body.items as Json[];
    expect(items.filter((i) => i.itemCode !== ITEM.fireCheck).every((i) => i.status === 'completed')).toBe(
      true,
    );
    // And the applicant downloads the 不予行政许可决定书 of the fire item (documents half)
    await drainDueJobs(server.ctx);
    const applicant = await as('zhangsan');
    const results = await applicant.get(`/api/cases/${caseId}/results`);
    const letter = (results.body.documents as Json[]).find(
      (d) => d.kind === 'licenceDecision' && d.itemCode === ITEM.fireCheck,
    );
    expect(letter.title.zh).toBe('不予行政许可决定书');
    const text = await pdfTextOf(applicant, letter.url);
    expect(text).toContain('疏散通道宽度不足，未设置应急照明');
    expect(text).toContain('《中华人民共和国消防法》第十五条');
    expect(text).toContain('行政复议');
    // And the licences of the other items are in the wallet, none for the fire check
    const wallet = await applicant.get('/api/me/licences');
    expect(wallet.status).toBe(200);
    const fromCase = JSON.stringify(wallet.body);
    expect(fromCase).toContain(ITEM.foodLicence);
    expect(fromCase).not.toContain(`${seen.body.caseNumber}-${ITEM.fireCheck}`);
    // And the audit log records the decision
    // (the business licence was granted at its decision step before: each item records its decision)
    const decided = (await timeline(caseId)).find(
      (e) => e.type === 'item.decided' && e.detail.itemCode === ITEM.fireCheck,
    );
    expect(decided.detail).toMatchObject({ itemCode: ITEM.fireCheck, decision: 'refused' });
    await expectChainIntact(caseId);
  });

  it('should end the bundle partially when the business licence (a prerequisite) is refused', async () => {
    const caseId = await file();
    const decision = await workUntil('market.clerk', caseId, ITEM.businessLicence, 'decision');
    const refused = await (await as('market.clerk')).post(`/api/tasks/${decision.id}/decision`, {
      decision: 'refuse',
      reasons: '名称与已登记企业重名',
      legalBasis: '《市场主体登记管理条例》第十条',
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    // Then nothing after it starts, and the case concludes
    expect(refused.body.status).toBe('concluded');
    expect(refused.body.openTasks).toEqual([]);
  });
});

describe('Given clerk actions on a step', () => {
  it('should claim and release only for the holder', async () => {
    const caseId = await file();
    await workUntil('market.clerk', caseId, ITEM.businessLicence, null);
    const step = await openStep(caseId, ITEM.fireCheck);
    const fire = await as('fire.clerk');
    expect((await fire.post(`/api/tasks/${step.id}/claim`)).status).toBe(200);
    // NOT another department (404), NOT a colleague who does not hold it (409), NOT an applicant (403)
    expect((await (await as('urban.clerk')).post(`/api/tasks/${step.id}/release`, {})).status).toBe(404);
    const other = await (await as('fire.clerk2')).post(`/api/tasks/${step.id}/release`, {});
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('task_not_yours');
    expect((await (await as('zhangsan')).post(`/api/tasks/${step.id}/release`, {})).status).toBe(403);
    const released = await fire.post(`/api/tasks/${step.id}/release`, {});
    expect(released.status).toBe(200);
    expect((released.body.tasks as Json[]).find((t) => t.id === step.id)).toMatchObject({
      status: 'open',
      assignee: null,
    });
    expect((await timeline(caseId)).some((e) => e.type === 'task.released')).toBe(true);
  });

  it('should transfer (转办) to a colleague of the department only', async () => {
    const caseId = await file();
    await workUntil('market.clerk', caseId, ITEM.businessLicence, null);
    const step = await openStep(caseId, ITEM.fireCheck);
    const fire = await as('fire.clerk');
    await fire.post(`/api/tasks/${step.id}/claim`);
    const urbanClerk = await server.knex('users').where({ username: 'urban.clerk' }).first('id');
    const wrong = await fire.post(`/api/tasks/${step.id}/transfer`, { toUserId: urbanClerk.id });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('transfer_target_invalid');
    expect(
      (await (await as('eco.clerk')).post(`/api/tasks/${step.id}/transfer`, { toUserId: fireClerk2Id }))
        .status,
    ).toBe(404);
    const moved = await fire.post(`/api/tasks/${step.id}/transfer`, {
      toUserId: fireClerk2Id,
      reason: '休假',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect((moved.body.tasks as Json[]).find((t) => t.id === step.id).assignee.id).toBe(fireClerk2Id);
    // The sender no longer holds it; the colleague completes it
    expect((await fire.post(`/api/tasks/${step.id}/complete`, { outcome: 'approved' })).status).toBe(409);
    expect(
      (await (await as('fire.clerk2')).post(`/api/tasks/${step.id}/complete`, { outcome: 'approved' }))
        .status,
    ).toBe(200);
    const moves = (await timeline(caseId)).filter((e) => e.type === 'task.transferred');
    expect(moves[0].detail).toMatchObject({ to: fireClerk2Id, reason: '休假' });
    // And the new clerk was told, once; the sender was not
    const told = (await notificationsOf('fire.clerk2', caseId)).filter((n) => n.kind === 'transfer');
    expect(told).toHaveLength(1);
    expect(told[0].title).toEqual({ zh: '转办给您', en: 'Transferred to you' });
    expect(told[0].body.zh).toContain('休假');
    expect((await notificationsOf('fire.clerk', caseId)).some((n) => n.kind === 'transfer')).toBe(false);
    await expectChainIntact(caseId);
  });

  it('should delegate (委派) and come back to the delegator to confirm', async () => {
    const caseId = await file();
    await workUntil('market.clerk', caseId, ITEM.businessLicence, null);
    const step = await openStep(caseId, ITEM.fireCheck);
    const fire = await as('fire.clerk');
    const delegate = await as('fire.clerk2');
    await fire.post(`/api/tasks/${step.id}/claim`);
    expect(
      (await fire.post(`/api/tasks/${step.id}/delegate`, { toUserId: fireClerk2Id, note: '请现场核实' }))
        .status,
    ).toBe(200);
    // The delegate is told
    const delegated = (await notificationsOf('fire.clerk2', caseId)).filter((n) => n.kind === 'delegate');
    expect(delegated).toHaveLength(1);
    expect(delegated[0].body.zh).toContain('请现场核实');
    // The delegate may not complete it, only hand it back; the delegator may not hand it back
    const early = await delegate.post(`/api/tasks/${step.id}/complete`, { outcome: 'approved' });
    expect(early.body.error.code).toBe('delegation_pending');
    expect((await fire.post(`/api/tasks/${step.id}/delegation/return`, {})).status).toBe(409);
    expect(
      (await delegate.post(`/api/tasks/${step.id}/delegation/return`, { comment: '已现场核实' })).status,
    ).toBe(200);
    // And the delegator hears it came back, with the delegate's comment
    const back = (await notificationsOf('fire.clerk', caseId)).filter((n) => n.kind === 'delegationReturned');
    expect(back).toHaveLength(1);
    expect(back[0].body.zh).toContain('已现场核实');
    expect((await fire.post(`/api/tasks/${step.id}/complete`, { outcome: 'approved' })).status).toBe(200);
    const types = (await timeline(caseId)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['task.delegated', 'task.delegationReturned']));
  });

  it('should refuse a decision by the delegate while the decision step is out on delegation', async () => {
    const caseId = await file();
    await workUntil('market.clerk', caseId, ITEM.businessLicence, null);
    const decision = await workUntil('fire.clerk', caseId, ITEM.fireCheck, 'decision');
    const fire = await as('fire.clerk');
    const delegate = await as('fire.clerk2');
    await fire.post(`/api/tasks/${decision.id}/claim`);
    await fire.post(`/api/tasks/${decision.id}/delegate`, { toUserId: fireClerk2Id, note: '请核实' });
    // The task view offers no 准予/不予 to the delegate, and the command refuses the same way
    const view = await delegate.get(`/api/tasks/${decision.id}`);
    expect(view.body.allowedActions).not.toContain('decide');
    const early = await delegate.post(`/api/tasks/${decision.id}/decision`, {
      decision: 'grant',
      reasons: '符合条件',
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('delegation_pending');
  });

  it('should return (退回) to an earlier step of the same item, which reopens', async () => {
    const caseId = await file();
    await workUntil('market.clerk', caseId, ITEM.businessLicence, null);
    const review = await workUntil('fire.clerk', caseId, ITEM.fireCheck, 'review');
    const intakeId = review.elementId.replace(/_review$/, '_intake');
    const fire = await as('fire.clerk');
    // NOT forward, NOT to a step of another item, NOT by another department
    const bad = await fire.post(`/api/tasks/${review.id}/return`, {
      toElementId: `Item_${ITEM.signage}_intake`,
      reason: '退回',
    });
    expect(bad.status).toBe(409);
    expect(bad.body.error.code).toBe('return_target_invalid');
    expect(
      (
        await (
          await as('urban.clerk')
        ).post(`/api/tasks/${review.id}/return`, {
          toElementId: intakeId,
          reason: 'x',
        })
      ).status,
    ).toBe(404);
    const back = await fire.post(`/api/tasks/${review.id}/return`, {
      toElementId: intakeId,
      reason: '受理材料缺少平面图',
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    const reopened = await openStep(caseId, ITEM.fireCheck);
    expect(reopened.elementId).toBe(intakeId);
    expect((back.body.tasks as Json[]).find((t) => t.id === review.id).status).toBe('cancelled');
    // Time keeps running: the case clock did not pause
    expect(back.body.clock.state).toBe('running');
    const returned = (await timeline(caseId)).find((e) => e.type === 'task.returned');
    expect(returned.detail).toMatchObject({ to: intakeId, reason: '受理材料缺少平面图' });
    await expectChainIntact(caseId);
  });

  it('should recall (撤回) a completed step before the next one is acted on, by its sender only', async () => {
    const caseId = await file();
    await workUntil('market.clerk', caseId, ITEM.businessLicence, null);
    const intake = await openStep(caseId, ITEM.fireCheck);
    const fire = await as('fire.clerk');
    expect((await fire.post(`/api/tasks/${intake.id}/complete`, { outcome: 'approved' })).status).toBe(200);
    // 已办: the sender's done list offers the recall while the next step is untouched …
    const doneOf = async (username: string) => {
      const res = await (await as(username)).get('/api/tasks/done?limit=100');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.tasks as Json[];
    };
    const listed = (await doneOf('fire.clerk')).find((t) => t.id === intake.id);
    expect(listed).toMatchObject({ status: 'completed', canRecall: true, caseId });
    // … and nobody else's lists it; an applicant has no done list
    expect((await doneOf('fire.clerk2')).some((t) => t.id === intake.id)).toBe(false);
    expect((await (await as('zhangsan')).get('/api/tasks/done')).status).toBe(403);
    const notSender = await (await as('fire.clerk2')).post(`/api/tasks/${intake.id}/recall`, {
      reason: '误办',
    });
    expect(notSender.body.error.code).toBe('recall_not_allowed');
    expect(
      (await (await as('zhangsan')).post(`/api/tasks/${intake.id}/recall`, { reason: 'x' })).status,
    ).toBe(403);
    const recalled = await fire.post(`/api/tasks/${intake.id}/recall`, { reason: '误办，需补充意见' });
    expect(recalled.status, JSON.stringify(recalled.body)).toBe(200);
    const again = await openStep(caseId, ITEM.fireCheck);
    expect(again.elementId).toBe(intake.elementId);
    expect(again.status).toBe('claimed');
    // Once the next step is claimed, recalling is refused
    expect((await fire.post(`/api/tasks/${again.id}/complete`, { outcome: 'approved' })).status).toBe(200);
    const review = await openStep(caseId, ITEM.fireCheck);
    await fire.post(`/api/tasks/${review.id}/claim`);
    expect((await fire.post(`/api/tasks/${again.id}/recall`, { reason: 'x' })).status).toBe(409);
    expect((await timeline(caseId)).some((e) => e.type === 'task.recalled')).toBe(true);
    // And the done list says so: the step is listed, no longer recallable
    expect((await doneOf('fire.clerk')).find((t) => t.id === again.id)).toMatchObject({ canRecall: false });
  });

  it('should page the done list newest first by keyset, and refuse a forged cursor', async () => {
    const market = await as('market.clerk');
    const all = (await market.get('/api/tasks/done?limit=100')).body.tasks as Json[];
    expect(all.length).toBeGreaterThan(3);
    const times = all.map((t) => t.completedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: Json } = await market.get(
        `/api/tasks/done?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.tasks.map((t: Json) => t.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((t) => t.id));
    const forged = Buffer.from(JSON.stringify(['2026-02-30T00:00:00Z', 'x'])).toString('base64url');
    const bad = await market.get(`/api/tasks/done?cursor=${forged}`);
    expect(bad.status).toBe(400);
  });
});

describe('Given 加签 (countersign) on a step', () => {
  it('should make the holder wait for a countersigner added before', async () => {
    const caseId = await file();
    await workUntil('market.clerk', caseId, ITEM.businessLicence, null);
    const step = await openStep(caseId, ITEM.fireCheck);
    const fire = await as('fire.clerk');
    await fire.post(`/api/tasks/${step.id}/claim`);
    const urbanClerk = await server.knex('users').where({ username: 'urban.clerk' }).first('id');
    // NOT by someone who does not hold it, NOT by an applicant
    expect(
      (
        await (
          await as('fire.clerk2')
        ).post(`/api/tasks/${step.id}/countersign`, {
          toUserId: urbanClerk.id,
          position: 'before',
        })
      ).body.error.code,
    ).toBe('task_not_yours');
    expect(
      (
        await (
          await as('zhangsan')
        ).post(`/api/tasks/${step.id}/countersign`, {
          toUserId: urbanClerk.id,
          position: 'before',
        })
      ).status,
    ).toBe(403);
    const added = await fire.post(`/api/tasks/${step.id}/countersign`, {
      toUserId: urbanClerk.id,
      position: 'before',
      note: '请城管会签招牌位置',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    // And the countersigner is told
    const asked = (await notificationsOf('urban.clerk', caseId)).filter((n) => n.kind === 'countersign');
    expect(asked).toHaveLength(1);
    expect(asked[0].body.zh).toContain('请城管会签招牌位置');
    // Then the holder may not complete yet
    const early = await fire.post(`/api/tasks/${step.id}/complete`, { outcome: 'approved' });
    expect(early.body.error.code).toBe('countersign_pending');
    // When the countersigner signs from their own queue
    const urban = await as('urban.clerk');
    const queue = (await urban.get('/api/queue?limit=100')).body.tasks as Json[];
    const sign = queue.find((t) => t.caseId === caseId && t.name.zh.startsWith('加签'));
    expect(sign).toBeDefined();
    expect((await urban.post(`/api/tasks/${sign.id}/complete`, { outcome: 'approved' })).status).toBe(200);
    // Then the holder completes and the item moves on
    expect((await fire.post(`/api/tasks/${step.id}/complete`, { outcome: 'approved' })).status).toBe(200);
    expect((await openStep(caseId, ITEM.fireCheck)).elementId).toMatch(/_review$/);
    const types = (await timeline(caseId)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['task.countersignAdded', 'task.countersigned']));
    await expectChainIntact(caseId);
  });

  it('should move the case on only after a countersigner added after has signed', async () => {
    const caseId = await file();
    await workUntil('market.clerk', caseId, ITEM.businessLicence, null);
    const step = await openStep(caseId, ITEM.fireCheck);
    const fire = await as('fire.clerk');
    await fire.post(`/api/tasks/${step.id}/claim`);
    expect(
      (await fire.post(`/api/tasks/${step.id}/countersign`, { toUserId: fireClerk2Id, position: 'after' }))
        .status,
    ).toBe(200);
    const sign = (await (await as('admin')).get(`/api/cases/${caseId}`)).body.tasks.find((t: Json) =>
      t.name.zh.startsWith('加签'),
    );
    // The countersigner cannot sign before the holder completes
    const early = await (await as('fire.clerk2')).post(`/api/tasks/${sign.id}/complete`, {
      outcome: 'approved',
    });
    expect(early.body.error.code).toBe('countersign_pending');
    expect((await fire.post(`/api/tasks/${step.id}/complete`, { outcome: 'approved' })).status).toBe(200);
    // The holder is done, but the item waits for the countersignature
    expect((await openStep(caseId, ITEM.fireCheck)).id).toBe(sign.id);
    expect(
      (await (await as('fire.clerk2')).post(`/api/tasks/${sign.id}/complete`, { outcome: 'approved' }))
        .status,
    ).toBe(200);
    expect((await openStep(caseId, ITEM.fireCheck)).elementId).toMatch(/_review$/);
  });
});

describe('Given an applicant', () => {
  it('should withdraw (撤回申请) before a decision, cancelling open steps; not someone else’s case', async () => {
    const caseId = await file();
    expect((await (await as('lisi')).post(`/api/cases/${caseId}/withdraw`, { reason: 'x' })).status).toBe(
      404,
    );
    expect(
      (await (await as('market.clerk')).post(`/api/cases/${caseId}/withdraw`, { reason: 'x' })).status,
    ).toBe(403);
    const applicant = await as('zhangsan');
    expect((await applicant.post(`/api/cases/${caseId}/withdraw`, {})).status).toBe(400);
    const withdrawn = await applicant.post(`/api/cases/${caseId}/withdraw`, { reason: '店址变更，重新申请' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(withdrawn.body.openTasks).toEqual([]);
    expect(withdrawn.body.clock.state).toBe('stopped');
    const events = await timeline(caseId);
    expect(events.find((e) => e.type === 'case.withdrawn').detail).toMatchObject({
      reason: '店址变更，重新申请',
    });
    // And NOT twice
    const again = await applicant.post(`/api/cases/${caseId}/withdraw`, { reason: '再次' });
    expect(again.body.error.code).toBe('case_not_withdrawable');
    await expectChainIntact(caseId);
  });

  it('should NOT withdraw after an item was decided', async () => {
    const caseId = await file();
    const decision = await workUntil('market.clerk', caseId, ITEM.businessLicence, 'decision');
    await (await as('market.clerk')).post(`/api/tasks/${decision.id}/decision`, { decision: 'grant' });
    const refused = await (await as('zhangsan')).post(`/api/cases/${caseId}/withdraw`, { reason: '不办了' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('case_not_withdrawable');
  });
});
