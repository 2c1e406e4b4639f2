import { enqueueActions, setup } from 'xstate';
import type { ProcessDefinition } from '../definition/types';
import { deadlineFor, governingLimit } from './deadlines';
import type { Effect } from './effects';
import { advance, completeActivation, emptyTokenState, type StepContext, type TokenState } from './tokens';

/** Events a case accepts. `now` and the calendar are attached by {@link transition}, never read here. */
export type CaseEvent =
  | { type: 'case.file'; actorId: string | null }
  | { type: 'task.complete'; activationKey: string; actorId: string | null; outcome: string };

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
  return setup({
    types: { context: {} as CaseContext, events: {} as MachineEvent },
    actions: {
      // The host executes effects; inside the machine they are inert markers.
      effect: (_, _params: Effect) => {},
    },
    guards: {
      processCompleted: ({ context }) => context.tokens.completed,
    },
  }).createMachine({
    id: `case:${definition.key}:v${definition.version}`,
    initial: 'draft',
    context: { tokens: emptyTokenState(), filedAt: null, concludedAt: null, deadline: null },
    states: {
      draft: {
        on: {
          'case.file': {
            target: 'routing',
            actions: enqueueActions(({ enqueue, context, event }) => {
              const limit = governingLimit(definition.limits);
              const deadline = limit ? deadlineFor(limit, event.ctx) : null;
              const step = advance(
                definition,
                context.tokens,
                [{ elementId: definition.startEventId, viaFlow: null }],
                event.ctx,
              );
              enqueue.assign({
                tokens: step.state,
                filedAt: event.ctx.now,
                concludedAt: step.state.completed ? event.ctx.now : null,
                deadline: deadline && {
                  dueDate: deadline.dueDate,
                  dueAt: deadline.dueAt,
                  provisional: deadline.provisional,
                },
              });
              if (limit && deadline)
                enqueue({ type: 'effect', params: { type: 'case.deadline', limit, ...deadline } });
              for (const effect of step.effects) enqueue({ type: 'effect', params: effect });
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
              const step = completeActivation(definition, context.tokens, event.activationKey, event.ctx);
              enqueue.assign({
                tokens: step.state,
                concludedAt: step.state.completed ? event.ctx.now : null,
              });
              for (const effect of step.effects) enqueue({ type: 'effect', params: effect });
            }),
          },
        },
      },
      concluded: { type: 'final' },
    },
  });
}

export type CaseMachine = ReturnType<typeof createCaseMachine>;
