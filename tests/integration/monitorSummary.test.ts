import { ApiClient, restaurantForm } from '@yijian/examples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptAtWindow } from '../support/lifecycle';
import { startTestServer, type TestServer } from '../support/testServer';

let server: TestServer;
let today = '2026-03-02T02:00:00.000Z';
const as = (username: string) => new ApiClient(server.url).login(username);

beforeAll(async () => {
  server = await startTestServer('monitor_summary', { clock: () => today });
});
afterAll(async () => {
  await server?.dispose();
});

describe('Given open work beyond one page of the case list', () => {
  it('should count every open case, step and item clock by light for the manager', async () => {
    // Given 110 restaurant cases at the window, and three accepted ones on Mon 2026-03-02
    const applicant = await as('zhangsan');
    const file = async () => {
      const filed = await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm });
      expect(filed.status).toBe(201);
      return filed.body.id as string;
    };
    for (let i = 0; i < 110; i++) await file();
    const accepted = [await file(), await file(), await file()];
    for (const id of accepted) await acceptAtWindow(server.url, id);
    // one of which is paused for an inspection
    const market = await as('market.clerk');
    expect(
      (
        await market.post(`/api/cases/${accepted[2]}/clock/pause`, {
          kind: 'specialProcedure',
          procedure: 'inspection',
          reason: '现场勘验',
          expectedWorkingDays: 3,
        })
      ).status,
    ).toBe(200);

    // When the manager reads the summary on Mon 2026-03-09: the business licence's intake steps
    // (5 working days) are due that day, the business licence itself (1 working day) long overdue
    today = '2026-03-09T02:00:00.000Z';
    const manager = await as('manager');
    const summary = await manager.get('/api/monitor/summary');
    expect(summary.status).toBe(200);

    // Then every open case counts, though the case list shows one page of them
    expect((await manager.get('/api/cases?status=open')).body).toHaveLength(100);
    expect(summary.body.totals).toMatchObject({ open: 113, atWindow: 110, paused: 1 });
    expect(summary.body.totals.green + summary.body.totals.yellow + summary.body.totals.red).toBe(2);
    const restaurant = summary.body.byBundle.find((b: { bundleKey: string }) => b.bundleKey === 'restaurant');
    expect(restaurant).toMatchObject({ atWindow: 110, paused: 1, name: { zh: '开办餐馆' } });
    // and the window's intake steps, due today, are near due in market regulation's queue
    const marketRow = summary.body.byDepartment.find(
      (d: { departmentId: string }) => d.departmentId === 'market',
    );
    expect(marketRow.open).toBeGreaterThanOrEqual(112);
    expect(marketRow.nearDue + marketRow.overdue).toBeGreaterThanOrEqual(110);
    // and the business-licence item is red on its own clock in the running cases, paused in the other
    const licence = summary.body.byItem.find((i: { itemCode: string }) => i.itemCode === '000104001000');
    expect(licence).toMatchObject({ red: 2, paused: 1, name: { zh: expect.stringContaining('营业执照') } });

    // And nobody else may read it
    expect((await (await as('market.clerk')).get('/api/monitor/summary')).status).toBe(403);
  });
});
