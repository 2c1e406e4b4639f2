import { ApiClient, restaurantForm } from '@yijian/examples';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { concludeStep } from '../support/steps';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let today = '2026-03-02T02:00:00.000Z';
const as = (username: string) => new ApiClient(server.url).login(username);
const ids: { atWindow: string; late: string; paused: string } = { atWindow: '', late: '', paused: '' };

// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
type Json = any;

beforeAll(async () => {
  server = await startTestServer('monitor_drill_down', { clock: () => today });
  // Three restaurant cases on Mon 2026-03-02: one left at the window, one accepted, one accepted
  // and paused for an inspection; then seven weeks pass, so the accepted one is late, its steps too.
  const applicant = await as('zhangsan');
  const file = async () => {
    const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
    expect(filed.status).toBe(201);
    return filed.body.id as string;
  };
  ids.atWindow = await file();
  ids.late = await file();
  ids.paused = await file();
  await acceptAtWindow(server.url, ids.late);
  await acceptAtWindow(server.url, ids.paused);
  const market = await as('market.clerk');
  const paused = await market.post(`/api/cases/${ids.paused}/clock/pause`, {
    kind: 'specialProcedure',
    procedure: 'inspection',
    reason: '现场勘验',
    expectedWorkingDays: 3,
  });
  expect(paused.status).toBe(200);
  today = '2026-04-20T02:00:00.000Z';
}, 120_000);
afterAll(async () => {
  await server?.dispose();
});

const pageOf = async (manager: ApiClient, query: string) => {
  const res = await manager.get(`/api/monitor/cases?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { cases: Json[]; nextCursor: string | null };
};

describe('Given open cases at the window, late and paused', () => {
  it('should filter the drill-down list by light, bundle, department and item, with late steps marked', async () => {
    const manager = await as('manager');
    const atWindow = await pageOf(manager, 'light=atWindow');
    expect(atWindow.cases.map((c) => c.id)).toEqual([ids.atWindow]);
    // the window's intake due date: 5 working days after filing (Art. 32), passed by now
    expect(atWindow.cases[0].intakeDue).toMatchObject({ dueDate: '2026-03-09', light: 'red' });

    const paused = await pageOf(manager, 'light=paused');
    expect(paused.cases.map((c) => c.id)).toEqual([ids.paused]);

    const red = await pageOf(manager, 'light=red');
    expect(red.cases.map((c) => c.id)).toEqual([ids.late]);
    expect(red.cases[0].lateSteps).toBeGreaterThan(0);
    expect(red.cases[0].steps.filter((s: Json) => s.late).length).toBe(red.cases[0].lateSteps);

    const restaurant = await pageOf(manager, 'bundleKey=restaurant');
    expect(restaurant.cases.map((c) => c.id).sort()).toEqual(Object.values(ids).sort());
    expect((await pageOf(manager, 'bundleKey=no-such-bundle')).cases).toEqual([]);

    // the business licence runs in the two accepted cases; market leads the bundle, so has all three
    const licence = await pageOf(manager, 'itemCode=000104001000');
    expect(licence.cases.map((c) => c.id).sort()).toEqual([ids.late, ids.paused].sort());
    expect((await pageOf(manager, 'departmentId=market')).cases).toHaveLength(3);
  });

  it('should page every case once by keyset, and refuse a forged cursor', async () => {
    const manager = await as('manager');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { cases: Json[]; nextCursor: string | null } = await pageOf(
        manager,
        `limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.cases.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(Object.values(ids).sort());
    const forged = await manager.get('/api/monitor/cases?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body.error.code).toBe('validation_failed');
  });

  it('should export the same rows as the list, to an Excel workbook and to CSV', async () => {
    const manager = await as('manager');
    const list = (await pageOf(manager, 'limit=200')).cases;
    const xlsx = await fetch(`${server.url}/api/monitor/cases/export?format=xlsx`, {
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as (string | number)[][];
    expect(rows[0]!.slice(1, 4)).toEqual(['办件编号', '一件事', '申请人']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(list.map((c) => c.caseNumber));
    expect(rows.slice(1).map((r) => r[5])).toEqual(
      list.map(
        (c) =>
          ({ green: '正常', yellow: '临期预警', red: '超期', paused: '暂停计时', atWindow: '窗口受理中' })[
            c.monitorLight as 'red'
          ],
      ),
    );

    const csv = await fetch(`${server.url}/api/monitor/cases/export?format=csv&light=red`, {
      headers: { authorization: `Bearer ${manager.token}`, 'accept-language': 'en' },
    });
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    // a byte-order mark, so Excel reads the Chinese as UTF-8
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toMatch(/^"Case number","Bundle","Applicant"/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(list.find((c) => c.id === ids.late).caseNumber);
  });

  it('should show where the work waits on the bundle diagram (heat map)', async () => {
    const manager = await as('manager');
    const heat = await manager.get('/api/monitor/bundles/restaurant/heatmap');
    expect(heat.status).toBe(200);
    const late = heat.body.elements.filter((e: Json) => e.late > 0);
    expect(late.length).toBeGreaterThan(0);
    const waiting = heat.body.elements.reduce((n: number, e: Json) => n + e.waiting, 0);
    const open = (await pageOf(manager, 'limit=200')).cases.reduce(
      (n: number, c: Json) => n + c.steps.length,
      0,
    );
    expect(waiting).toBe(open);
  });

  it('should keep the monitor to managers and admins', async () => {
    const clerk = await as('market.clerk');
    for (const path of [
      '/api/monitor/cases',
      '/api/monitor/cases/export',
      '/api/monitor/bundles/restaurant/heatmap',
      '/api/monitor/performance',
    ]) {
      expect((await clerk.get(path)).status, path).toBe(403);
    }
  });
});

describe('Given items finished on time and late', () => {
  it('should give the on-time rate and working days used against the limit per item and department by month', async () => {
    // When every step of the late case and the paused one (resumed) is worked to the end on 20 April
    const market = await as('market.clerk');
    expect((await market.post(`/api/cases/${ids.paused}/clock/resume`, { result: '勘验合格' })).status).toBe(
      200,
    );
    const admin = await as('admin');
    for (const caseId of [ids.late, ids.paused]) {
      for (let round = 0; round < 40; round++) {
        const open = (await admin.get(`/api/cases/${caseId}`)).body.openTasks as Json[];
        if (open.length === 0) break;
        const clerk = await as(`${open[0].departmentId}.clerk`);
        await clerk.post(`/api/tasks/${open[0].id}/claim`);
        const done = await concludeStep(clerk, open[0].id);
        expect(done.status, JSON.stringify(done.body)).toBe(200);
      }
    }
    const manager = await as('manager');
    const byItem = await manager.get('/api/monitor/performance?by=item&months=3');
    expect(byItem.status).toBe(200);
    expect(byItem.body.months).toEqual(['2026-02', '2026-03', '2026-04']);
    const licence = byItem.body.series.find((s: Json) => s.key === '000104001000');
    const april = licence.points.find((p: Json) => p.month === '2026-04');
    // the business licence finished weeks late in the case that ran on; the paused case's item
    // clock stood still during the inspection (Art. 45) and its resumed clock is on time
    expect(april).toMatchObject({ finished: 2, onTime: 1, onTimeRate: 0.5 });
    expect(april.avgWorkingDays).toBeGreaterThan(april.avgLimitWorkingDays);
    expect(licence.points.find((p: Json) => p.month === '2026-03')).toMatchObject({
      finished: 0,
      onTimeRate: null,
    });
    const byDepartment = await manager.get('/api/monitor/performance?by=department&months=1');
    expect(byDepartment.body.series.map((s: Json) => s.key)).toContain('market');
    // and the concluded cases are a drill-down away
    const concluded = await pageOf(manager, 'status=concluded&itemCode=000104001000');
    expect(concluded.cases.map((c) => c.id).sort()).toEqual([ids.late, ids.paused].sort());
  });
});
