import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Effect, parseBpmn } from '../../src';
import { SimulatedHost } from '../support/simulatedHost';

const read = (name: string) => readFileSync(new URL(`./${name}.bpmn`, import.meta.url), 'utf8');
const library: Record<string, string> = { foodLicence: read('foodLicence'), signage: read('signage') };

/** The call-activity bundle with each call marked as a catalogue item with its own limits. */
async function bundleWithItems() {
  const xml = read('callActivity')
    .replace(
      '<bpmn:callActivity id="Call_food" name="食品经营许可" calledElement="foodLicence" />',
      `<bpmn:callActivity id="Call_food" name="食品经营许可" calledElement="foodLicence" yj:itemCode="000131024000">
        <bpmn:extensionElements>
          <yj:limit value="20" unit="workingDays" kind="statutory" />
          <yj:limit value="10" unit="workingDays" kind="promised" />
        </bpmn:extensionElements>
      </bpmn:callActivity>`,
    )
    .replace(
      '<bpmn:callActivity id="Call_signage" name="户外招牌" calledElement="signage" />',
      `<bpmn:callActivity id="Call_signage" name="户外招牌" calledElement="signage" yj:itemCode="000126001000">
        <bpmn:extensionElements><yj:limit value="1" unit="calendarMonths" kind="statutory" /></bpmn:extensionElements>
      </bpmn:callActivity>`,
    );
  return parseBpmn(xml, { version: 1, resolveCalledProcess: (c) => library[c] ?? null });
}

const itemEffects = (effects: Effect[]) =>
  effects.filter((e) => e.type === 'item.start' || e.type === 'item.end');

describe('item clocks (事项时限): each item of a bundle counts its own limit', () => {
  it('should start an item’s clock when the item starts, under its promised limit, and end it when it ends', async () => {
    // Given a bundle of two items, filed on Mon 2026-03-02
    const host = new SimulatedHost(await bundleWithItems());
    // When it is accepted and both items start
    const started = itemEffects(host.file({ shop: { area: 50 } }));
    // Then each item's clock runs from the acceptance day under its own limit and unit
    expect(started).toEqual([
      expect.objectContaining({
        type: 'item.start',
        scopeKey: 'Call_food#1',
        itemCode: '000131024000',
        limit: { value: 10, unit: 'workingDays', kind: 'promised' },
        startDate: '2026-03-02',
        dueDate: '2026-03-16',
      }),
      expect.objectContaining({
        type: 'item.start',
        scopeKey: 'Call_signage#1',
        itemCode: '000126001000',
        limit: { value: 1, unit: 'calendarMonths', kind: 'statutory' },
        dueDate: '2026-04-02',
      }),
    ]);
    // When the signage item's only step is done, its clock ends and the other keeps running
    expect(itemEffects(host.completeAt('Call_signage.Task_review'))).toEqual([
      { type: 'item.end', scopeKey: 'Call_signage#1', outcome: 'completed' },
    ]);
    expect(itemEffects(host.completeAt('Call_food.Task_review'))).toEqual([
      { type: 'item.end', scopeKey: 'Call_food#1', outcome: 'completed' },
    ]);
  });

  it('should cancel an item’s clock when a boundary event interrupts the item', async () => {
    const host = new SimulatedHost(await bundleWithItems());
    host.file({ shop: { area: 50 } });
    host.now = '2026-03-22T02:00:00.000Z';
    const [key] = [...host.timers.keys()];
    expect(itemEffects(host.fire(key!))).toEqual([
      { type: 'item.end', scopeKey: 'Call_food#1', outcome: 'cancelled' },
    ]);
  });
});
