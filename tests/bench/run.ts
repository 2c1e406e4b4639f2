/**
 * `npm run bench`: throughput measured against a reference run in the same process, printed as
 * ratios (DESIGN.md quality bars). Never asserted in unit tests.
 */
import { engineThroughput } from './engineThroughput';
import { formatJobFiring, jobFiringRate } from './jobFiring';
import { modelerImportBench } from './modelerImport';
import { scaleBench } from './scaleBench';

// `npm run bench -- --modeler`: import time of a 300-element diagram in the Studio's modeler,
// as a ratio to bpmn-js's Viewer (modelerImport.ts, Chromium).
if (process.argv.includes('--modeler')) {
  console.log('Modeler: a generated 300-element diagram imported into the Studio modeler, then edited');
  const figure = await modelerImportBench({ say: console.log });
  console.log(`  ${figure.figure}: ${figure.value.toFixed(2)}${figure.unit}`);
  process.exit(0);
}

// `npm run bench -- --jobs`: the job firing rate of one worker (10 000 due jobs) instead.
if (process.argv.includes('--jobs')) {
  console.log('Job firing: due jobs on real cases, one worker, each exactly once');
  console.log(formatJobFiring(await jobFiringRate({ say: console.log })));
  process.exit(0);
}

// `npm run bench -- --scale`: cost with data at 10 k, 100 k and 1 M open tasks instead
// (scaleBench.ts); `--quick` for 10 k only, `--sizes=10000,100000`, `--clients=8`, `--seconds=20`,
// `--reads=100`.
if (process.argv.includes('--scale')) {
  const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const quick = process.argv.includes('--quick');
  await scaleBench({
    sizes: (flag('sizes') ?? (quick ? '10000' : '10000,100000,1000000')).split(',').map(Number),
    clients: Number(flag('clients') ?? 8),
    seconds: Number(flag('seconds') ?? (quick ? 10 : 20)),
    reads: Number(flag('reads') ?? (quick ? 50 : 100)),
  });
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
