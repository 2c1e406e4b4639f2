import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CaseEvent, type CaseSnapshot, type ProcessDefinition, parseBpmn, transition } from '../../src';
import { calendar, SimulatedHost } from '../support/simulatedHost';
import {
  blockArbitrary,
  dagArbitrary,
  dagModel,
  type GeneratedModel,
  structuredModel,
} from './generateModel';
import { richBlockArbitrary, richModel } from './generateRichModel';

const START = '2026-03-02T02:00:00.000Z';

/** Whether a business error thrown by this task is caught: by it, or by a sub-process around it. */
function errorCaught(definition: ProcessDefinition, elementId: string): boolean {
  for (let node = definition.nodes[elementId]; node; node = definition.nodes[node.parentId ?? '']) {
    const boundaries = (node.boundaryEvents ?? []).map((id) => definition.nodes[id]!);
    if (boundaries.some((b) => b.eventDefinition?.type === 'error')) return true;
  }
  return false;
}

/**
 * Drives a case the way the outside world might: at each step it picks one of the things the
 * case waits for (an open task — approved, rejected, or ended in a business error where one is
 * caught —, a held timer, a message subscription) with the generated choices, until the case
 * concludes. If the case is not concluded and waits for nothing, it is stuck: the property fails.
 */
function drive(definition: ProcessDefinition, variables: Record<string, boolean>, choices: number[]) {
  const host = new SimulatedHost(definition, START);
  host.file(variables);
  let step = 0;
  while (host.phase !== 'concluded') {
    const tasks = [...host.tasks.values()];
    const timers = [...host.timers];
    // A non-interrupting message can come again and again: after a while the driver stops
    // sending those, so a run always ends.
    const subscriptions = [...host.subscriptions]
      .filter(([, name]) => step < 150 || !isBoundaryMessage(definition, host, name))
      .map(([, name]) => name);
    const options: (() => void)[] = [
      ...tasks.flatMap((task) => [
        () => host.complete(task.activationKey, 'approved'),
        () => host.complete(task.activationKey, 'rejected'),
        ...(errorCaught(definition, task.elementId)
          ? [() => host.complete(task.activationKey, 'failed', { error: { errorCode: 'E' } })]
          : []),
      ]),
      ...timers.map(([key, dueAt]) => () => {
        if (dueAt > host.now) host.now = dueAt;
        host.fire(key);
      }),
      ...subscriptions.map((name) => () => host.receive(name)),
    ];
    if (options.length === 0) {
      throw new Error(`stuck: not concluded and waiting for nothing\n${JSON.stringify(host.snapshot)}`);
    }
    if (++step > 1000) throw new Error('did not conclude within 1000 steps');
    options[(choices[step % Math.max(choices.length, 1)] ?? 0) % options.length]!();
  }
  return host;
}

/** Whether the subscription for a message name belongs to a non-interrupting boundary event. */
function isBoundaryMessage(definition: ProcessDefinition, host: SimulatedHost, name: string): boolean {
  const subscribed = host.history
    .flatMap((h) => h.effects)
    .find((e) => e.type === 'message.subscribe' && e.name === name);
  const node = subscribed?.type === 'message.subscribe' ? definition.nodes[subscribed.elementId] : undefined;
  return node?.kind === 'boundaryEvent' && node.cancelActivity === false;
}

/** The same events straight through, passing snapshot objects without any JSON round trip. */
function replay(definition: ProcessDefinition, host: SimulatedHost) {
  let snapshot: CaseSnapshot | null = null;
  const effects = [];
  let now = START;
  for (const { event } of host.history) {
    if (event.type === 'timer.fire') now = laterOf(now, dueOf(host, event.key));
    const next = transition(definition, snapshot, event, { now, calendar });
    snapshot = next.snapshot;
    effects.push(next.effects);
  }
  return { snapshot, effects };
}

function dueOf(host: SimulatedHost, key: string): string {
  for (const { effects } of host.history) {
    for (const e of effects) if (e.type === 'timer.schedule' && e.key === key) return e.dueAt;
  }
  return START;
}
const laterOf = (a: string, b: string) => (a > b ? a : b);

const valuesFor = (model: GeneratedModel) =>
  fc
    .tuple(...model.variables.map(() => fc.boolean()))
    .map((bools) => Object.fromEntries(model.variables.map((v, i) => [v, bools[i]!])));

/** Element ids of the wait states a run visited, sorted (a multiset). */
const visited = (host: SimulatedHost) =>
  host.history
    .flatMap((h) => h.effects)
    .flatMap((e) =>
      e.type === 'task.create' || e.type === 'timer.schedule' || e.type === 'message.subscribe'
        ? [e.elementId]
        : [],
    )
    .sort();

async function checkRun(
  model: GeneratedModel,
  values: Record<string, boolean>,
  choices: number[],
  restoreAt: number,
) {
  const definition = await parseBpmn(model.xml, { version: 1 });

  // Every run finishes (or, between steps, waits on a task, timer or message); the host checks at
  // every step that its tasks, timers and subscriptions match the tokens one to one.
  const host = drive(definition, values, choices);
  expect(host.snapshot!.phase).toBe('concluded');

  // No token lost or duplicated: the run visits exactly the wait states the conditions select,
  // as often as the tokens that reach them (computed from the model alone).
  const expected = model.expectedVisits?.(values);
  if (expected) expect(visited(host)).toEqual(expected.sort());

  // Same events → same snapshot and effects; and snapshot objects passed straight through give
  // the result the JSON round trips gave.
  const straight = replay(definition, host);
  expect(JSON.stringify(straight.snapshot)).toBe(JSON.stringify(host.snapshot));
  expect(straight.effects).toEqual(host.history.map((h) => h.effects));

  // Restore at any point into a fresh deployment object (a restarted node) and continue: the
  // same result as running straight through.
  const events: CaseEvent[] = host.history.map((h) => h.event);
  const cut = restoreAt % events.length;
  const first = replay(definition, { history: host.history.slice(0, cut) } as SimulatedHost);
  const restarted = await parseBpmn(model.xml, { version: 1 });
  let snapshot = first.snapshot && (JSON.parse(JSON.stringify(first.snapshot)) as CaseSnapshot);
  let now = START;
  for (const { event } of host.history.slice(0, cut))
    if (event.type === 'timer.fire') now = laterOf(now, dueOf(host, event.key));
  for (const event of events.slice(cut)) {
    if (event.type === 'timer.fire') now = laterOf(now, dueOf(host, event.key));
    snapshot = transition(restarted, snapshot, event, { now, calendar }).snapshot;
  }
  expect(JSON.stringify(snapshot)).toBe(JSON.stringify(host.snapshot));
}

/** A generated model with condition values, a schedule of choices and a point to restore at. */
function runsOf<M extends Parameters<typeof valuesFor>[0]>(models: fc.Arbitrary<M>, maxChoices: number) {
  return models.chain((model) =>
    fc.tuple(
      fc.constant(model),
      valuesFor(model),
      fc.array(fc.nat(), { minLength: 1, maxLength: maxChoices }),
      fc.nat(),
    ),
  );
}

describe('generated models (fast-check)', () => {
  it('structured models with sub-processes, boundary events, countersigns and terminate ends: finish, deterministic, restorable', async () => {
    await fc.assert(
      fc.asyncProperty(runsOf(richBlockArbitrary.map(richModel), 60), ([model, values, choices, restoreAt]) =>
        checkRun(model, values, choices, restoreAt),
      ),
      { numRuns: 200 },
    );
  }, 120_000);

  it('structured models: finish, visit exactly what the conditions select, restore anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        runsOf(blockArbitrary.map(structuredModel), 40),
        ([model, values, choices, restoreAt]) => checkRun(model, values, choices, restoreAt),
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('unstructured DAGs of parallel, exclusive and inclusive gateways: never stuck, deterministic, restorable', async () => {
    await fc.assert(
      fc.asyncProperty(runsOf(dagArbitrary.map(dagModel), 40), ([model, values, choices, restoreAt]) =>
        checkRun(model, values, choices, restoreAt),
      ),
      { numRuns: 200 },
    );
  }, 120_000);
});
