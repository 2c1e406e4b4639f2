import { enqueueActions, setup } from 'xstate';
import type { ProcessDefinition } from '../definition/types';
import { RunError } from '../errors';
import { findSubscription, fireTimer, receiveMessage } from '../events/triggerEvent';
import { completeTask } from '../tasks/userTask';
import { advance } from './advance';
import { deadlineFor, governingLimit } from './deadlines';
import type { Effect } from './effects';
import { createRun, type Run } from './run';
import { cloneTokenState, ROOT_SCOPE, type StepContext, type TokenState } from './tokens';

/** Case variables: plain JSON (form answers, task and message outputs). */
export type Variables = Record<string, unknown>;

/** Events a case accepts. `now` and the calendar are attached by {@link transition}, never read here. */
export type CaseEvent =
  /** 申办: the applicant files; `variables` are the form answers the conditions read. */
  | { type: 'case.file'; actorId: string | null; variables?: Variables }
  /**
   * 办理: a clerk completed a task. `variables` are its outputs; `error` ends it in a business
   * error (BpmnError) that an error boundary event catches.
   */
  | {
      type: 'task.complete';
      activationKey: string;
      actorId: string | null;
      outcome: string;
      variables?: Variables;
      error?: { errorCode: string };
    }
  /** The host's timer for `key` is due. Unknown or cancelled keys are a no-op. */
  | { type: 'timer.fire'; key: string }
  /** A message for the case. Nothing waiting for it is a no-op (messages are not buffered). */
  | { type: 'message.receive'; name: string; correlation?: string | null; variables?: Variables };

export type MachineEvent = CaseEvent & { ctx: StepContext };

export interface CaseContext {
  tokens: TokenState;
  filedAt: string | null;
  concludedAt: string | null;
  deadline: { dueDate: string; dueAt: string; provisional: boolean } | null;
}

/**
 * The case lifecycle as an xstate machine: the BPMN graph (in `tokens`) decides which steps are
 * active; the machine decides which events the case accepts in which phase. Effects leave the
 * machine as `effect` actions with the effect as params, so xstate's pure `transition()` returns
 * them as data instead of running them.
 */
export function createCaseMachine(definition: ProcessDefinition) {
  /** Runs one pure BPMN step on a copy of the tokens. */
  const step = (
    tokens: Partial<TokenState>,
    ctx: StepContext,
    variables: Variables | undefined,
    act: (run: Run) => void,
  ): Run => {
    const run = createRun(definition, cloneTokenState(tokens), ctx);
    if (variables !== undefined) {
      if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
        throw new RunError('bad_variables', 'Event variables must be a JSON object of names to values.');
      }
      // A JSON copy: the snapshot must not share objects with the caller's event.
      run.state.variables = { ...run.state.variables, ...JSON.parse(JSON.stringify(variables)) };
    }
    act(run);
    advance(run);
    return run;
  };

  return setup({
    types: { context: {} as CaseContext, events: {} as MachineEvent },
    actions: {
      // The host executes effects; inside the machine they are inert markers.
      effect: (_, _params: Effect) => {},
    },
    guards: {
      processCompleted: ({ context }) => context.tokens.completed,
      timerHeld: ({ context, event }) =>
        event.type === 'timer.fire' && (context.tokens.timers ?? []).some((t) => t.key === event.key),
      messageAwaited: ({ context, event }) =>
        event.type === 'message.receive' &&
        findSubscription(context.tokens.subscriptions ?? [], event.name, event.correlation) !== undefined,
    },
  }).createMachine({
    id: `case:${definition.key}:v${definition.version}`,
    initial: 'draft',
    context: { tokens: cloneTokenState({}), filedAt: null, concludedAt: null, deadline: null },
    states: {
      draft: {
        on: {
          'case.file': {
            target: 'routing',
            actions: enqueueActions(({ enqueue, context, event }) => {
              const limit = governingLimit(definition.limits);
              const deadline = limit ? deadlineFor(limit, event.ctx) : null;
              const run = step(context.tokens, event.ctx, event.variables, (r) =>
                r.queue.push({
                  elementId: definition.startEventId,
                  viaFlow: null,
                  scope: ROOT_SCOPE,
                  outcome: null,
                }),
              );
              enqueue.assign({
                tokens: run.state,
                filedAt: event.ctx.now,
                concludedAt: run.state.completed ? event.ctx.now : null,
                deadline: deadline && {
                  dueDate: deadline.dueDate,
                  dueAt: deadline.dueAt,
                  provisional: deadline.provisional,
                },
              });
              if (limit && deadline)
                enqueue({ type: 'effect', params: { type: 'case.deadline', limit, ...deadline } });
              for (const effect of run.effects) enqueue({ type: 'effect', params: effect });
            }),
          },
        },
      },
      // Transient: decides between waiting on steps and having concluded.
      routing: {
        always: [{ guard: 'processCompleted', target: 'concluded' }, { target: 'inProgress' }],
      },
      inProgress: {
        on: {
          'task.complete': {
            target: 'routing',
            actions: enqueueActions(({ enqueue, context, event }) => {
              const run = step(context.tokens, event.ctx, event.variables, (r) =>
                completeTask(r, event.activationKey, event.outcome, event.error?.errorCode ?? null),
              );
              enqueue.assign({ tokens: run.state, concludedAt: run.state.completed ? event.ctx.now : null });
              for (const effect of run.effects) enqueue({ type: 'effect', params: effect });
            }),
          },
          'timer.fire': {
            guard: 'timerHeld',
            target: 'routing',
            actions: enqueueActions(({ enqueue, context, event }) => {
              const run = step(context.tokens, event.ctx, undefined, (r) => fireTimer(r, event.key));
              enqueue.assign({ tokens: run.state, concludedAt: run.state.completed ? event.ctx.now : null });
              for (const effect of run.effects) enqueue({ type: 'effect', params: effect });
            }),
          },
          'message.receive': {
            guard: 'messageAwaited',
            target: 'routing',
            actions: enqueueActions(({ enqueue, context, event }) => {
              const run = step(context.tokens, event.ctx, event.variables, (r) =>
                receiveMessage(r, event.name, event.correlation),
              );
              enqueue.assign({ tokens: run.state, concludedAt: run.state.completed ? event.ctx.now : null });
              for (const effect of run.effects) enqueue({ type: 'effect', params: effect });
            }),
          },
        },
      },
      concluded: { type: 'final' },
    },
  });
}

export type CaseMachine = ReturnType<typeof createCaseMachine>;
