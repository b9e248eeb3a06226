// Child process of scripts/bench.mjs: loads ONE *.bench.ts file (through tsx), measures its
// workloads and writes the samples as JSON to the file named by --out. One process per file,
// so that one file's JIT and heap state never colour another's figures.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { measure } from './measure.mjs';

const { values, positionals } = parseArgs({
  options: {
    out: { type: 'string' },
    filter: { type: 'string' },
    rounds: { type: 'string' },
    'slice-ms': { type: 'string' },
    'warmup-ms': { type: 'string' },
  },
  allowPositionals: true,
});
const file = positionals[0];
if (file === undefined || values.out === undefined)
  throw new Error('usage: run-file.mjs <file.bench.ts> --out <result.json>');

const mod = await import(pathToFileURL(file).href);
const exported = mod.default;
if (exported === undefined) {
  // A file written before (or outside) the contract: report it as not run rather than fail the
  // whole benchmark run.
  writeFileSync(
    values.out,
    JSON.stringify({ skipped: 'no default export (see scripts/bench/README.md)', results: [] }),
  );
  process.exit(0);
}
const bench = typeof exported === 'function' ? await exported() : exported;
if (bench === null || typeof bench !== 'object' || !Array.isArray(bench.workloads)) {
  throw new Error(
    `${file}: the default export must be a BenchFile or a function returning one (see scripts/bench/README.md)`,
  );
}

const options = {
  rounds: values.rounds === undefined ? undefined : Number(values.rounds),
  sliceMs: values['slice-ms'] === undefined ? undefined : Number(values['slice-ms']),
  warmupMs: values['warmup-ms'] === undefined ? undefined : Number(values['warmup-ms']),
};
for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];

const results = [];
for (const workload of bench.workloads) {
  if (values.filter !== undefined && !workload.name.includes(values.filter)) continue;
  process.stderr.write(`  ${workload.name} …\n`);
  const samples = await measure(workload, options);
  results.push({
    name: workload.name,
    subjectLabel: workload.subject.label,
    baselineLabel: workload.baseline?.label,
    target: workload.target,
    note: workload.note,
    samples,
  });
}
const figures = (bench.figures ?? []).filter((f) => values.filter === undefined || f.name.includes(values.filter));
// Peak resident set of this process (setup, figures and workloads): ru_maxrss is in KiB on Linux.
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
writeFileSync(
  values.out,
  JSON.stringify({ title: bench.title, issue: bench.issue, results, figures, peakRssMiB }, null, 2),
);
// What the setup opened (a PostgreSQL pool, an app's timers) would otherwise keep the process alive.
await bench.teardown?.();
process.exit(0);
