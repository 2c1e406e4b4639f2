import { type AnyMachineSnapshot, initialTransition, transition as xstateTransition } from 'xstate';
import type { ProcessDefinition } from './definition/types';
import { RunError } from './errors';
import { type CaseEvent, type CaseMachine, createCaseMachine } from './runtime/caseMachine';
import type { Effect } from './runtime/effects';
import { cloneTokenState, type StepContext } from './runtime/tokens';

/**
 * What the host stores for a case. It names the definition by key + version and never embeds
 * it, so a new deployment leaves running cases on their own version.
 */
export interface CaseSnapshot {
  definitionKey: string;
  definitionVersion: number;
  /** The lifecycle phase: draft | inProgress | concluded. */
  phase: string;
  /** xstate's persisted snapshot (plain JSON). */
  machine: unknown;
}

const machines = new WeakMap<ProcessDefinition, CaseMachine>();

function machineFor(definition: ProcessDefinition): CaseMachine {
  let machine = machines.get(definition);
  if (!machine) {
    machine = createCaseMachine(definition);
    machines.set(definition, machine);
  }
  return machine;
}

/**
 * The pure step of the engine: a snapshot and an event in, the next snapshot and the effects to
 * execute out. Nothing here performs I/O or reads the clock; `now` and the calendar are passed in.
 * Pass `null` as the snapshot for a case that has not been filed yet. Snapshots are immutable
 * JSON values: the next one may share unchanged parts with the one passed in.
 */
export function transition(
  definition: ProcessDefinition,
  snapshot: CaseSnapshot | null,
  event: CaseEvent,
  ctx: StepContext,
): { snapshot: CaseSnapshot; effects: Effect[] } {
  const machine = machineFor(definition);
  let current: AnyMachineSnapshot;
  if (snapshot) {
    if (snapshot.definitionKey !== definition.key || snapshot.definitionVersion !== definition.version) {
      throw new RunError(
        'definition_mismatch',
        `Snapshot belongs to ${snapshot.definitionKey} v${snapshot.definitionVersion}, not ${definition.key} v${definition.version}; load that version.`,
      );
    }
    // resolveState rebuilds the snapshot without running entry actions: restoring replays nothing.
    current = machine.resolveState(snapshot.machine as Parameters<CaseMachine['resolveState']>[0]);
  } else {
    current = initialTransition(machine)[0];
  }
  const machineEvent = { ...event, ctx } as never;
  if (!current.can(machineEvent)) {
    // A timer or message nobody waits for any more (cancelled, fired already, case concluded) is
    // an expected race with the host, not a fault: nothing happens.
    if (snapshot && (event.type === 'timer.fire' || event.type === 'message.receive')) {
      return { snapshot: JSON.parse(JSON.stringify(snapshot)) as CaseSnapshot, effects: [] };
    }
    throw new RunError(
      'event_not_accepted',
      `A case in phase "${String(current.value)}" does not accept ${event.type}.`,
      {
        phase: typeof current.value === 'string' ? current.value : JSON.stringify(current.value),
        event: event.type,
      },
    );
  }
  const [next, actions] = xstateTransition(machine, current as never, machineEvent);
  const effects = actions.filter((a) => a.type === 'effect').map((a) => a.params as Effect);
  // The persisted form xstate's getPersistedSnapshot gives, built directly: the case machine
  // spawns no actors and keeps no history states, so there is nothing in the context to walk for
  // actor references (which is most of that call's cost on every step). Tested against xstate's.
  const persisted = {
    status: next.status,
    output: next.output,
    error: next.error,
    value: next.value,
    historyValue: {},
    context: next.context,
    children: {},
  };
  return {
    snapshot: {
      definitionKey: definition.key,
      definitionVersion: definition.version,
      phase: String(persisted.value),
      // Plain JSON already. Unchanged parts may be shared with the snapshot passed in (structural
      // sharing, as in xstate): treat snapshots as immutable values.
      machine: persisted,
    },
    effects,
  };
}

/** Reads the engine's view of a case from a snapshot without running anything. */
export function readCase(definition: ProcessDefinition, snapshot: CaseSnapshot) {
  const state = machineFor(definition).resolveState(snapshot.machine as never);
  return {
    phase: String(state.value),
    context: { ...state.context, tokens: cloneTokenState(state.context.tokens) },
  };
}
