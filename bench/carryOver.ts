/**
 * `--only` runs one section; the saved results keep the others from the previous run, each marked
 * with the date it ran, so that bench/results/latest.{json,md} always hold every section.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type BenchReport, SECTIONS, type Section } from './report.js';

/**
 * Copies the sections not in `ran` from the results saved at `jsonPath` into `report`. Returns
 * why nothing could be kept, when the saved file is unreadable (the new results still save).
 */
export function carryOver(report: BenchReport, jsonPath: string, ran: readonly Section[]): string | undefined {
  if (!existsSync(jsonPath)) return undefined;
  let previous: BenchReport;
  try {
    previous = JSON.parse(readFileSync(jsonPath, 'utf8')) as BenchReport;
  } catch (error) {
    return `could not read ${jsonPath} (${(error as Error).message}); other sections are not kept`;
  }
  const sections = report as Pick<BenchReport, Section>;
  for (const section of SECTIONS) {
    if (ran.includes(section) || previous[section] === undefined) continue;
    Object.assign(sections, { [section]: previous[section] });
    const ranAt = previous.carried?.[section] ?? { date: previous.environment.date, quick: previous.quick };
    report.carried = { ...report.carried, [section]: ranAt };
  }
  return undefined;
}
