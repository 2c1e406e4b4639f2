import { EventEmitter } from 'node:events';
import {
  type CaseSnapshot,
  createWorkCalendar,
  type Effect,
  type ProcessDefinition,
  parseBpmn,
  transition,
} from '@yijian/engine';
import { compileFeel } from '@yijian/engine/feel';
import { Engine } from 'bpmn-engine';
import { BpmnModdle } from 'bpmn-moddle';
import { conditionHeavyBpmn, conditionVariables, parallelBpmn, restaurantBpmn } from './fixtures';

const calendar = createWorkCalendar({ restDays: [], makeUpWorkDays: [], coveredYears: [2026] });
const ctx = { now: '2026-03-02T02:00:00.000Z', calendar };

/** One whole case in Yijian's engine: file, then complete every task the effects open, with a
 * JSON round trip of the snapshot at each step as the runtime does when it stores it. */
function runYijianCase(definition: ProcessDefinition, variables: Record<string, unknown>): void {
  let { snapshot, effects } = transition(
    definition,
    null,
    { type: 'case.file', actorId: null, acceptOnTheSpot: true, variables },
    ctx,
  );
  const open: string[] = [];
  const collect = (list: Effect[]) => {
    for (const e of list) if (e.type === 'task.create') open.push(e.activationKey);
  };
  collect(effects);
  while (open.length > 0) {
    const activationKey = open.shift()!;
    const restored = JSON.parse(JSON.stringify(snapshot)) as CaseSnapshot;
    ({ snapshot, effects } = transition(
      definition,
      restored,
      { type: 'task.complete', activationKey, actorId: null, outcome: 'ok' },
      ctx,
    ));
    collect(effects);
  }
  if (snapshot.phase !== 'concluded') throw new Error('case did not conclude');
}

/**
 * bpmn-engine's expression hook for FEEL bodies (`=…`): the same compiled evaluator Yijian runs,
 * so both engines pay the same for a condition and the ratio measures the engines themselves.
 * Anything else (a timer's `P3D`) resolves to itself, as bpmn-engine's own resolver would.
 */
function feelExpressions(variables: Record<string, unknown>) {
  return {
    resolveExpression(expression: string) {
      return expression.startsWith('=') ? compileFeel(expression).evaluate(variables).value : expression;
    },
  };
}

/**
 * The same case in bpmn-engine: every user task is signalled as soon as it waits. It gets the
 * parsed moddle context, so neither engine pays for XML parsing inside the loop.
 */
function runBpmnEngineCase(moddleContext: unknown, variables: Record<string, unknown>): Promise<void> {
  const listener = new EventEmitter();
  listener.on('wait', (api: { signal: () => void }) => api.signal());
  const engine = new Engine({
    name: 'bench',
    moddleContext,
    variables,
    expressions: feelExpressions(variables),
  });
  return new Promise((resolve, reject) => {
    engine.execute({ listener }, (err: Error | null) => (err ? reject(err) : resolve()));
  });
}

/**
 * Cases per CPU second of this process (`process.cpuUsage`, user + system) over a window of
 * `seconds`: on a shared machine, time the process was not running does not count against it.
 */
async function measure(run: () => unknown, seconds: number): Promise<number> {
  // Warm up the JIT before counting: at least 50 runs and half a second (the optimising tiers
  // come later than 50 runs; a first round counted cold read 2-3x low).
  const warm = performance.now() + 500;
  for (let i = 0; i < 50 || performance.now() < warm; i++) await run();
  let n = 0;
  const cpu = process.cpuUsage();
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    await run();
    n++;
  }
  const used = process.cpuUsage(cpu);
  return n / ((used.user + used.system) / 1e6);
}

export interface EngineBenchRow {
  name: string;
  /** Cases per CPU second, the median of the rounds. */
  yijian: number;
  bpmnEngine: number;
  /** The median of the rounds' ratios. */
  ratio: number;
  rounds: { yijian: number; bpmnEngine: number; ratio: number }[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Cases per CPU second, ours against bpmn-engine on the same BPMN in the same process: `rounds`
 * rounds of `seconds` per engine, the engines alternating, and the median of each (one window on
 * a busy machine swung the ratio from 16x to 67x, issue 17).
 */
export async function engineThroughput(
  options: { seconds?: number; rounds?: number } | number = {},
): Promise<EngineBenchRow[]> {
  const { seconds = 1, rounds = 5 } = typeof options === 'number' ? { seconds: options } : options;
  const rows: EngineBenchRow[] = [];
  for (const [name, xml, variables] of [
    ['5-branch parallel case', parallelBpmn(5), {}],
    ['restaurant case', restaurantBpmn(), {}],
    ['condition-heavy case', conditionHeavyBpmn(8), conditionVariables],
  ] as const) {
    const definition = await parseBpmn(xml, { version: 1 });
    const moddleContext = await new BpmnModdle().fromXML(xml);
    const measured: EngineBenchRow['rounds'] = [];
    for (let r = 0; r < rounds; r++) {
      const yijian = await measure(() => runYijianCase(definition, variables), seconds);
      const bpmnEngine = await measure(() => runBpmnEngineCase(moddleContext, variables), seconds);
      measured.push({ yijian, bpmnEngine, ratio: yijian / bpmnEngine });
    }
    rows.push({
      name,
      yijian: median(measured.map((m) => m.yijian)),
      bpmnEngine: median(measured.map((m) => m.bpmnEngine)),
      ratio: median(measured.map((m) => m.ratio)),
      rounds: measured,
    });
  }
  return rows;
}
