/**
 * `npm run bench`: throughput measured against a reference run in the same process, printed as
 * ratios (DESIGN.md quality bars). Never asserted in unit tests.
 */
import { engineThroughput } from './engineThroughput';
import { formatJobFiring, jobFiringRate } from './jobFiring';

// `npm run bench -- --jobs`: the job firing rate of one worker (10 000 due jobs) instead.
if (process.argv.includes('--jobs')) {
  console.log('Job firing: due jobs on real cases, one worker, each exactly once');
  console.log(formatJobFiring(await jobFiringRate({ say: console.log })));
  process.exit(0);
}

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
console.log(`Engine in memory: cases/s, Yijian vs bpmn-engine on the same BPMN (${seconds}s each)`);
for (const row of await engineThroughput(seconds)) {
  console.log(
    `  ${row.name.padEnd(24)} yijian ${row.yijian.toFixed(0).padStart(7)}/s   bpmn-engine ${row.bpmnEngine.toFixed(0).padStart(6)}/s   ratio ${row.ratio.toFixed(1)}× (target ≥ 20×)`,
  );
}
console.log(
  '  (condition-heavy: two FEEL conditions per step, an inclusive gateway, a boundary timer; bpmn-engine evaluates the same FEEL through its expression hook with the same compiled evaluator)',
);
