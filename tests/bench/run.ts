/**
 * `npm run bench`: every figure of the quality bars (DESIGN.md, issues 16 and 17) in one table —
 * figure, target, verdict — and the whole result as JSON in `.artifacts/bench/`. Never asserted in
 * unit tests.
 *
 * - `npm run bench -- --quick`: two to three minutes, run by CI after the tests (engine 3 rounds,
 *   10 k open tasks, 5 s runs).
 * - `npm run bench`: the full suite (engine 7 rounds; 10 k, 100 k and 1 M open tasks; 20 s runs),
 *   within 30 minutes on a fresh clone of a 2-core machine (generating 1 M takes ~6 minutes).
 * - One part alone: `--engine`, `--scale` (with `--sizes=10000,100000`, `--clients=8`,
 *   `--nodes=<cores>`, `--seconds=20`, `--reads=100`), `--jobs`, `--footprint`.
 *
 * Needs DATABASE_URL for the database parts (the scale part starts an embedded PostgreSQL without
 * it) and `pgbench` on the PATH.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repositoryRoot } from '@yijian/db';
import { type EngineBenchRow, engineThroughput } from './engineThroughput';
import { formatJobFiring, type JobFiringResult, jobFiringRate } from './jobFiring';
import { modelerImportBench } from './modelerImport';
import { type ScaleRow, scaleBench, scaleBenchWithFile } from './scaleBench';
import { type FootprintResult, serverFootprint } from './serverFootprint';

const args = process.argv.slice(2);
const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = args.includes('--quick');
const say = (line: string) => console.log(line);

function printEngine(rows: EngineBenchRow[], rounds: number, seconds: number) {
  say(
    `Engine in memory: cases per CPU second, Yijian vs bpmn-engine (median of ${rounds} rounds of ${seconds} s)`,
  );
  for (const row of rows)
    say(
      `  ${row.name.padEnd(24)} yijian ${row.yijian.toFixed(0).padStart(7)}/s   bpmn-engine ${row.bpmnEngine.toFixed(0).padStart(6)}/s   ratio ${row.ratio.toFixed(1)}× (rounds ${row.rounds.map((r) => r.ratio.toFixed(0)).join(', ')}; target ≥ 20×)`,
    );
  say(
    '  (condition-heavy: two FEEL conditions per step, an inclusive gateway, a boundary timer; bpmn-engine evaluates the same FEEL through its expression hook with the same compiled evaluator)',
  );
}

const scaleOptions = () => ({
  sizes: (flag('sizes') ?? (quick ? '10000' : '10000,100000,1000000')).split(',').map(Number),
  clients: Number(flag('clients') ?? 8),
  // One runtime node per core, as a deployment runs them (Node runs JavaScript on one core).
  nodes: Number(flag('nodes') ?? os.cpus().length),
  seconds: Number(flag('seconds') ?? (quick ? 5 : 20)),
  reads: Number(flag('reads') ?? (quick ? 30 : 100)),
});

// `--modeler`: import time of a 300-element diagram in the Studio's modeler, as a ratio to
// bpmn-js's Viewer (modelerImport.ts, in Chromium).
if (args.includes('--modeler')) {
  say('Modeler: a generated 300-element diagram imported into the Studio modeler, then edited');
  const figure = await modelerImportBench({ say });
  say(`  ${figure.figure}: ${figure.value.toFixed(2)}${figure.unit}`);
  process.exit(0);
}
if (args.includes('--jobs')) {
  say('Job firing: due jobs on real cases, one worker, each exactly once');
  say(formatJobFiring(await jobFiringRate({ say })));
  process.exit(0);
}
if (args.includes('--scale')) {
  await scaleBench(scaleOptions());
  process.exit(0);
}
if (args.includes('--footprint')) {
  say(JSON.stringify(await serverFootprint({ say }), null, 2));
  process.exit(0);
}
if (args.includes('--engine')) {
  const rounds = Number(flag('rounds') ?? 5);
  const seconds = Number(flag('seconds') ?? 1);
  printEngine(await engineThroughput({ rounds, seconds }), rounds, seconds);
  process.exit(0);
}

// The whole suite.
const started = Date.now();
const rounds = quick ? 3 : 7;
const engineSeconds = quick ? 1 : 2;
say(
  `npm run bench${quick ? ' --quick' : ''}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
const engine = await engineThroughput({ rounds, seconds: engineSeconds });
printEngine(engine, rounds, engineSeconds);

say('\nJob firing: 10 000 due jobs on real cases, one worker');
const jobs = await jobFiringRate({ say });
say(formatJobFiring(jobs));

say('\nServer start-up and memory');
const footprint = await serverFootprint({ say, seconds: quick ? 5 : 20 });

say('\nCost with data (scale bench)');
const options = {
  ...scaleOptions(),
  moreClients: { clients: 16, runs: quick ? 2 : 3, seconds: quick ? 3 : 10 },
};
const scale = await scaleBenchWithFile(options);

const table = summary(engine, jobs, footprint, scale.rows);
say(`\nSummary (${quick ? 'quick' : 'full'} mode, ${((Date.now() - started) / 60_000).toFixed(1)} min)`);
printSummary(table);
const dir = path.join(repositoryRoot(), '.artifacts', 'bench');
mkdirSync(dir, { recursive: true });
const file = path.join(
  dir,
  `bench-${quick ? 'quick' : 'full'}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
writeFileSync(
  file,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      minutes: (Date.now() - started) / 60_000,
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model ?? null,
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        loadAverage: os.loadavg(),
      },
      summary: table,
      engine,
      jobs,
      footprint,
      scale: { options, rows: scale.rows, file: path.relative(repositoryRoot(), scale.file) },
    },
    null,
    2,
  ),
);
say(`\nWrote ${path.relative(process.cwd(), file)}`);
process.exit(0);

interface SummaryRow {
  figure: string;
  value: string;
  target: string;
  verdict: 'met' | 'NOT MET' | '—';
}

function summary(
  engineRows: EngineBenchRow[],
  jobRun: JobFiringResult,
  fp: FootprintResult,
  rows: ScaleRow[],
): SummaryRow[] {
  const out: SummaryRow[] = [];
  const check = (figure: string, value: string, target: string, ok: boolean | null) =>
    out.push({ figure, value, target, verdict: ok === null ? '—' : ok ? 'met' : 'NOT MET' });
  for (const r of engineRows)
    check(`engine ÷ bpmn-engine, ${r.name} (CPU, median)`, `${r.ratio.toFixed(1)}×`, '≥ 20×', r.ratio >= 20);
  for (const r of rows) {
    const size = r.openTasks >= 1e6 ? `${r.openTasks / 1e6} M` : `${r.openTasks / 1e3} k`;
    check(
      `completions ÷ pgbench, ${size} open tasks`,
      `${r.completionsPerSecond.toFixed(1)}/s ÷ ${r.pgbenchTps.toFixed(0)} = ${r.ratio.toFixed(3)}`,
      '≥ 0.1',
      r.ratio >= 0.1,
    );
    check(`statements per completion, ${size}`, r.statementsPerCompletion.toFixed(1), '≈ 10', null);
    const p99 = (name: string) => r.reads[name]?.p99 ?? Number.NaN;
    for (const name of Object.keys(r.reads)) {
      const limit = name.startsWith('queue') ? 20 : name.startsWith('cases') ? 50 : 100;
      check(`${name} p99 (HTTP), ${size}`, `${p99(name).toFixed(1)} ms`, `≤ ${limit} ms`, p99(name) <= limit);
    }
    for (const run of r.moreClients ?? [])
      check(
        `${run.clients} clients, ${run.seconds} s run, ${size}`,
        `${run.completed} completed${Object.keys(run.failed).length ? `, failed ${JSON.stringify(run.failed)}` : ''}${run.busyMaxMs === null ? '' : `, slowest 503 ${run.busyMaxMs.toFixed(0)} ms`}`,
        'work done; 503 < 1 s',
        run.completed > 0 && (run.busyMaxMs === null || run.busyMaxMs < 1000),
      );
  }
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last && last !== first)
    check(
      `completions at ${last.openTasks.toLocaleString('en')} ÷ at ${first.openTasks.toLocaleString('en')}`,
      `${((last.completionsPerSecond / first.completionsPerSecond) * 100).toFixed(0)} %`,
      '≥ 75 %',
      last.completionsPerSecond / first.completionsPerSecond >= 0.75,
    );
  check(
    '10 000 due jobs, one worker',
    `${jobRun.seconds.toFixed(2)} s (${jobRun.perSecond.toFixed(0)}/s), exactly once: ${jobRun.exactlyOnce ? 'yes' : 'NO'}`,
    '≤ 10 s, exactly once',
    jobRun.seconds <= 10 && jobRun.exactlyOnce,
  );
  check('server RSS idle', `${fp.rssIdleMb.toFixed(0)} MB`, 'figure', null);
  check(
    `server RSS under load (${fp.load.clients} clients, ${fp.load.requests} requests)`,
    `${fp.rssLoadMb.toFixed(0)} MB`,
    'figure',
    null,
  );
  check(
    'start-up to ready, external PostgreSQL',
    `${(fp.external.firstMs / 1000).toFixed(1)} s new database, ${(fp.external.restartMs / 1000).toFixed(1)} s restart`,
    'figure',
    null,
  );
  if (fp.embedded)
    check(
      'start-up to ready, embedded PostgreSQL',
      `${(fp.embedded.firstMs / 1000).toFixed(1)} s first (initdb), ${(fp.embedded.restartMs / 1000).toFixed(1)} s restart`,
      'figure',
      null,
    );
  return out;
}

function printSummary(rows: SummaryRow[]) {
  const header = ['figure', 'measured', 'target', 'verdict'];
  const cells = rows.map((r) => [r.figure, r.value, r.target, r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const fmt = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  say(fmt(header));
  say(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) say(fmt(c));
}
