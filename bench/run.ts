/**
 * `npm run bench`: the kernel benchmark, then the HTTP one; prints the tables and saves them to
 * bench/results/latest.{json,md}.
 *
 *   npm run bench -- [--only kernels|http] [--quick]
 *
 * --quick shortens every run (for a smoke test; the figures are noisier).
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runHttpBench } from './http.js';
import { runKernelBench } from './kernels.js';
import { type BenchReport, environment, httpTable, kernelTable, saveReport } from './report.js';

const PARTS = ['kernels', 'http'] as const;
type Part = (typeof PARTS)[number];

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

const saved = saveReport(report, fileURLToPath(new URL('./results/', import.meta.url)));
log(`\nSaved ${saved.json} and ${saved.markdown}`);
