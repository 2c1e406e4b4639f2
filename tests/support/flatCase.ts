import { ApiClient } from '@yijian/examples';
import { concludeStep } from './steps';

/** 二手房买卖: a complete combined form (no gas, no broadband: five items). */
export const flatForm = {
  'seller.name': '张三',
  'seller.idNumber': '11010519491231002X',
  'seller.phone': '13800138000',
  'buyer.name': '王五',
  'buyer.idNumber': '110105198001010011',
  'buyer.phone': '13900139000',
  'buyer.firstHome': true,
  'property.certificateNumber': '京(2020)朝阳区不动产权第0012345号',
  'property.address': '北京市朝阳区幸福小区3号楼2单元501',
  'property.area': 89.5,
  'property.price': 420,
  'property.heldYears': 6,
  'property.hasGas': false,
  'property.hasBroadband': false,
  'property.waterAccount': 'W20001234',
  'property.powerAccount': 'P30005678',
} as const;

/**
 * Works every open step of a case as its department's clerk until the case concludes, then the
 * lead department hands the results over at the window. Returns the delivered case.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
export async function workToDelivery(serverUrl: string, caseId: string): Promise<any> {
  const admin = await new ApiClient(serverUrl).login('admin');
  const clerks = new Map<string, ApiClient>();
  const clerk = async (department: string) => {
    if (!clerks.has(department))
      clerks.set(department, await new ApiClient(serverUrl).login(`${department}.clerk`));
    return clerks.get(department)!;
  };
  for (let round = 0; round < 60; round++) {
    const kase = (await admin.get(`/api/cases/${caseId}`)).body;
    if (kase.status === 'concluded') {
      const lead = (await admin.get(`/api/bundles/${kase.bundleKey}`)).body.leadDepartmentId as string;
      const delivered = await (await clerk(lead)).post(`/api/cases/${caseId}/deliver`, { method: 'window' });
      if (delivered.status !== 200) throw new Error(`deliver: ${JSON.stringify(delivered.body)}`);
      return delivered.body;
    }
    const open = (kase.tasks as { id: string; kind: string; status: string; departmentId: string }[]).filter(
      (t) => t.status === 'open' || t.status === 'claimed',
    );
    if (open.length === 0) throw new Error(`case ${caseId} is ${kase.status} with no open step`);
    for (const task of open) {
      const c = await clerk(task.departmentId);
      if (task.kind === 'intake') {
        const accepted = await c.post(`/api/tasks/${task.id}/intake`, { decision: 'accept' });
        if (accepted.status !== 200) throw new Error(`accept: ${JSON.stringify(accepted.body)}`);
        continue;
      }
      if (task.status === 'open') await c.post(`/api/tasks/${task.id}/claim`);
      const done = await concludeStep(c, task, { comment: '准予' });
      if (done.status !== 200) throw new Error(`complete: ${JSON.stringify(done.body)}`);
    }
  }
  throw new Error(`case ${caseId} did not conclude`);
}
