/**
 * `npm run bench`: the kernel benchmark, the HTTP one, the serving one, then the native backend
 * against onnxruntime; prints the tables and saves them to bench/results/latest.{json,md}.
 *
 *   npm run bench -- [--only kernels|http|serving|native] [--quick]
 *
 * --quick shortens every run (for a smoke test; the figures are noisier). With --only, the saved
 * files keep the other sections from the previous run, marked with the date they ran.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { carryOver } from './carryOver.js';
import { runHttpBench } from './http.js';
import { runKernelBench } from './kernels.js';
import { runNativeBench } from './native.js';
import { type BenchReport, environment, saveReport, SECTIONS as PARTS, type Section as Part } from './report.js';
import { runServingBench } from './serving.js';
import { httpTable, kernelTable, nativeTable, servingSummaryTable, servingTable } from './tables.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
if (values.only !== undefined && !PARTS.includes(values.only as Part)) {
  console.error(`--only must be one of ${PARTS.join(', ')}; got '${values.only}'`);
  process.exit(2);
}
const parts: readonly Part[] = values.only === undefined ? PARTS : [values.only as Part];
const quick = values.quick ?? false;
const log = (line: string): void => console.log(line);

const report: BenchReport = { environment: environment(), quick };
const env = report.environment;
log(`Node ${env.node}, ${env.cpu} (${env.logicalCpus} logical CPUs), ${env.wrk}, load ${env.loadAverage.toFixed(1)}${quick ? ', --quick' : ''}`);

if (parts.includes('kernels')) {
  log('\nKernels...');
  report.kernels = await runKernelBench({ quick, log });
  log(`\n${kernelTable(report.kernels)}`);
}
if (parts.includes('http')) {
  log('\nHTTP...');
  report.http = await runHttpBench({ quick, log });
  log(`\n${httpTable(report.http)}`);
}
if (parts.includes('serving')) {
  log('\nServing...');
  report.serving = await runServingBench({ quick, log });
  log(`\n${servingTable(report.serving)}\n\n${servingSummaryTable(report.serving)}`);
}
if (parts.includes('native')) {
  log('\nNative backend vs onnxruntime...');
  report.native = await runNativeBench({ quick, log });
  log(`\n${nativeTable(report.native)}`);
}

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const problem = carryOver(report, join(resultsDir, 'latest.json'), parts);
if (problem !== undefined) log(`\n${problem}`);
const saved = saveReport(report, resultsDir);
log(`\nSaved ${saved.json} and ${saved.markdown}`);
