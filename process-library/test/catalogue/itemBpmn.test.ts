import { parseBpmn } from '@yijian/engine';
import { describe, expect, it } from 'vitest';
import { itemBpmn } from '../../src/catalogue/itemBpmn';
import { environmentalFiling, foodBusinessLicence } from '../../src/catalogue/items/businessItems';
import { kindergartenEstablishment } from '../../src/catalogue/items/educationAndHealthItems';
import { serviceItems } from '../../src/catalogue/serviceItems';

describe('itemBpmn', () => {
  it('should generate intake → review → decision → issuance routed to the item department', async () => {
    // given the food licence, when its own process is generated and deployed
    const definition = await parseBpmn(await itemBpmn(foodBusinessLicence), { version: 1 });

    // then it is process item-<code> with the item's limits
    expect(definition.key).toBe('item-000131024000');
    expect(definition.limits).toEqual([
      { value: 20, unit: 'workingDays', kind: 'statutory' },
      { value: 10, unit: 'workingDays', kind: 'promised' },
    ]);
    // and four user tasks in a row, each for the market department with the item code
    const tasks = Object.values(definition.nodes).filter((n) => n.kind === 'userTask');
    expect(tasks.map((t) => t.name.zh)).toEqual([
      '受理 · 食品经营许可（新办）',
      '审查 · 食品经营许可（新办）',
      '决定 · 食品经营许可（新办）',
      '制证发证 · 食品经营许可（新办）',
    ]);
    for (const task of tasks)
      expect(task).toMatchObject({ departmentId: 'market', itemCode: '000131024000' });
    // with the correction-notice and issuance step limits (Art. 32, Art. 44)
    expect(tasks[0]!.limits).toEqual([{ value: 5, unit: 'workingDays', kind: 'statutory' }]);
    expect(tasks[3]!.limits).toEqual([{ value: 10, unit: 'workingDays', kind: 'statutory' }]);
  });

  it('should use the item own steps and calendar-month limits when it has them', async () => {
    // given a filing handled on the spot, and the kindergarten's 3-month establishment
    const filing = await parseBpmn(await itemBpmn(environmentalFiling), { version: 1 });
    const kindergarten = await parseBpmn(await itemBpmn(kindergartenEstablishment), { version: 1 });

    // then the filing has two steps and only a promised limit
    expect(Object.values(filing.nodes).filter((n) => n.kind === 'userTask')).toHaveLength(2);
    expect(filing.limits).toEqual([{ value: 1, unit: 'workingDays', kind: 'promised' }]);
    // and the kindergarten counts in calendar months
    expect(kindergarten.limits[0]).toEqual({ value: 3, unit: 'calendarMonths', kind: 'statutory' });
  });

  it('should deploy the process of every catalogue item', async () => {
    for (const item of serviceItems) {
      await expect(parseBpmn(await itemBpmn(item), { version: 1 }), item.code).resolves.toBeDefined();
    }
  });
});
