import { readFileSync } from 'node:fs';
import {
  type CaseEvent,
  type CaseSnapshot,
  type CreateTaskEffect,
  createWorkCalendar,
  type Effect,
  type ProcessDefinition,
  parseBpmn,
  readCase,
  transition,
} from '../../src';

export const calendar = createWorkCalendar({ restDays: [], makeUpWorkDays: [], coveredYears: [2026] });

/** Parses a `.bpmn` fixture that sits next to the test. */
export async function loadFixture(url: URL, version = 1): Promise<ProcessDefinition> {
  return parseBpmn(readFileSync(url, 'utf8'), { version });
}

/**
 * Plays the host around the pure engine, the way the runtime does: it stores the snapshot as JSON
 * between steps and executes the effects into its own tables (open tasks, timers, message
 * subscriptions). After every step it checks that its tables and the snapshot agree exactly, so
 * a token that is lost or duplicated fails the test at the step where it happens.
 */
export class SimulatedHost {
  snapshot: CaseSnapshot | null = null;
  readonly tasks = new Map<string, CreateTaskEffect>();
  readonly timers = new Map<string, string>();
  readonly subscriptions = new Map<string, string>();
  /** Open incidents by key: element and attempts. */
  readonly incidents = new Map<string, { elementId: string; code: string; attempts: number }>();
  readonly history: { event: CaseEvent; effects: Effect[] }[] = [];
  concluded = false;
  /** The open intake step at the window, if any. */
  intake: string | null = null;
  now: string;

  constructor(
    readonly definition: ProcessDefinition,
    now = '2026-03-02T02:00:00.000Z',
  ) {
    this.now = now;
  }

  send(event: CaseEvent): Effect[] {
    const stored = this.snapshot && (JSON.parse(JSON.stringify(this.snapshot)) as CaseSnapshot);
    const { snapshot, effects } = transition(this.definition, stored, event, { now: this.now, calendar });
    this.snapshot = snapshot;
    this.history.push({ event, effects });
    for (const effect of effects) this.execute(effect);
    this.checkAgreement();
    return effects;
  }

  file(variables?: Record<string, unknown>): Effect[] {
    return this.send({
      type: 'case.file',
      actorId: 'applicant',
      acceptOnTheSpot: true,
      ...(variables ? { variables } : {}),
    });
  }

  complete(
    activationKey: string,
    outcome = 'approved',
    extra: { variables?: Record<string, unknown>; error?: { errorCode: string } } = {},
  ): Effect[] {
    return this.send({ type: 'task.complete', activationKey, actorId: 'clerk', outcome, ...extra });
  }

  /** Completes the only open task of an element. */
  completeAt(elementId: string, outcome = 'approved', extra: Parameters<SimulatedHost['complete']>[2] = {}) {
    const keys = this.openKeys(elementId);
    if (keys.length !== 1)
      throw new Error(`expected one open task at ${elementId}, found ${keys.join(', ')}`);
    return this.complete(keys[0]!, outcome, extra);
  }

  fire(key: string): Effect[] {
    return this.send({ type: 'timer.fire', key });
  }

  receive(name: string, correlation?: string, variables?: Record<string, unknown>): Effect[] {
    return this.send({
      type: 'message.receive',
      name,
      correlation: correlation ?? null,
      ...(variables ? { variables } : {}),
    });
  }

  /** An operator's retry of a parked token, with corrected variables. */
  retry(key: string, variables?: Record<string, unknown>): Effect[] {
    return this.send({ type: 'incident.retry', actorId: 'admin', key, ...(variables ? { variables } : {}) });
  }

  /** Moves the clock and fires every timer due by then, earliest first. */
  advanceTo(instant: string): void {
    this.now = instant;
    for (;;) {
      const due = [...this.timers].filter(([, at]) => at <= instant).sort((a, b) => a[1].localeCompare(b[1]));
      if (due.length === 0) return;
      this.fire(due[0]![0]);
    }
  }

  openKeys(elementId?: string): string[] {
    return [...this.tasks.values()]
      .filter((t) => !elementId || t.elementId === elementId)
      .map((t) => t.activationKey);
  }

  /** Element ids of the open tasks, sorted. */
  openSteps(): string[] {
    return [...this.tasks.values()].map((t) => t.elementId).sort();
  }

  get phase(): string {
    return this.snapshot?.phase ?? 'none';
  }

  private execute(effect: Effect): void {
    const fail = (why: string) => {
      throw new Error(`${why}: ${JSON.stringify(effect)}`);
    };
    switch (effect.type) {
      case 'task.create':
        if (this.tasks.has(effect.activationKey)) fail('task opened twice');
        this.tasks.set(effect.activationKey, effect);
        break;
      case 'task.cancel':
        if (!this.tasks.delete(effect.activationKey)) fail('cancelled a task that is not open');
        break;
      case 'timer.schedule':
        if (this.timers.has(effect.key)) fail('timer scheduled twice');
        this.timers.set(effect.key, effect.dueAt);
        break;
      case 'timer.cancel':
        if (!this.timers.delete(effect.key)) fail('cancelled a timer that is not held');
        break;
      case 'message.subscribe':
        if (this.subscriptions.has(effect.key)) fail('subscribed twice');
        this.subscriptions.set(effect.key, effect.name);
        break;
      case 'message.unsubscribe':
        if (!this.subscriptions.delete(effect.key)) fail('unsubscribed twice');
        break;
      case 'case.concluded':
        if (this.concluded) fail('concluded twice');
        this.concluded = true;
        break;
      case 'incident.raise': {
        const open = this.incidents.get(effect.key);
        if (open && effect.attempts !== open.attempts + 1) fail('incident raised again without a retry');
        this.incidents.set(effect.key, {
          elementId: effect.elementId,
          code: effect.code,
          attempts: effect.attempts,
        });
        break;
      }
      case 'incident.resolve':
        if (!this.incidents.delete(effect.key)) fail('resolved an incident that is not open');
        break;
      case 'intake.open':
        if (this.intake) fail('intake opened twice');
        this.intake = effect.activationKey;
        break;
      case 'intake.close':
        if (this.intake !== effect.activationKey) fail('closed an intake that is not open');
        this.intake = null;
        break;
      default:
        // Deadlines, clock changes, acceptance and the like only inform the host.
        break;
    }
  }

  private checkAgreement(): void {
    const last = this.history.at(-1)!;
    const event = last.event;
    // The task the host just completed and the timer it fired leave its tables here, as the
    // runtime closes them in the same transaction.
    if (event.type === 'task.complete') this.tasks.delete(event.activationKey);
    if (event.type === 'timer.fire') this.timers.delete(event.key);
    const { tokens, intake } = readCase(this.definition, this.snapshot!).context;
    // Paused timers are held in the snapshot only; the window's deemed-acceptance timer only at the host.
    const heldTimers = tokens.timers.filter((t) => t.remainingMs === undefined).map((t) => t.key);
    if (intake?.deemedTimerKey) heldTimers.push(intake.deemedTimerKey);
    const same = (a: Iterable<string>, b: Iterable<string>) => [...a].sort().join() === [...b].sort().join();
    if (
      !same(
        this.tasks.keys(),
        tokens.waiting.map((t) => t.activationKey),
      )
    ) {
      throw new Error(
        `open tasks ${[...this.tasks.keys()]} disagree with waiting tokens ${tokens.waiting.map((t) => t.activationKey)}`,
      );
    }
    if (!same(this.timers.keys(), heldTimers)) {
      throw new Error(`timers ${[...this.timers.keys()]} disagree with the snapshot ${heldTimers}`);
    }
    if (
      !same(
        this.subscriptions.keys(),
        tokens.subscriptions.map((s) => s.key),
      )
    ) {
      throw new Error('message subscriptions disagree with the snapshot');
    }
    if (
      !same(
        this.incidents.keys(),
        tokens.incidents.map((i) => i.key),
      )
    ) {
      throw new Error('open incidents disagree with the snapshot');
    }
    if (this.concluded !== ['concluded', 'delivered'].includes(this.snapshot!.phase))
      throw new Error('concluded disagrees with phase');
  }
}
