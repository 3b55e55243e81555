/**
 * A training-curve picture as hand-written SVG (no plotting dependency): the train and
 * validation loss on the left, the validation accuracy on the right, both per epoch.
 */
import type { EpochRecord } from './trainer.js';

const WIDTH = 720;
const HEIGHT = 300;
const PANEL = { width: 300, height: 200, top: 50, left: [60, 400] } as const;

interface Series {
  values: number[];
  colour: string;
  label: string;
}

function fmt(v: number): string {
  return Number(v.toFixed(2)).toString();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function panel(left: number, title: string, series: Series[], low: number, high: number, bestEpoch: number): string {
  const { width, height, top } = PANEL;
  const epochs = series[0].values.length;
  const x = (epoch: number): number => left + (epochs <= 1 ? 0 : ((epoch - 1) / (epochs - 1)) * width);
  const y = (v: number): number => top + height - ((Math.min(Math.max(v, low), high) - low) / (high - low)) * height;
  const parts = [
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#999"/>`,
    `<text x="${left + width / 2}" y="${top - 12}" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end" font-size="11">${fmt(high)}</text>`,
    `<text x="${left - 6}" y="${top + height + 4}" text-anchor="end" font-size="11">${fmt(low)}</text>`,
    `<text x="${left}" y="${top + height + 16}" text-anchor="middle" font-size="11">1</text>`,
    `<text x="${left + width}" y="${top + height + 16}" text-anchor="middle" font-size="11">${epochs}</text>`,
    `<text x="${left + width / 2}" y="${top + height + 30}" text-anchor="middle" font-size="11">epoch</text>`,
    `<line x1="${fmt(x(bestEpoch))}" y1="${top}" x2="${fmt(x(bestEpoch))}" y2="${top + height}" stroke="#bbb" stroke-dasharray="4 3"/>`,
  ];
  series.forEach(({ values, colour, label }, i) => {
    const points = values.map((v, e) => `${fmt(x(e + 1))},${fmt(y(v))}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
    const ly = top + 14 + i * 15;
    parts.push(
      `<line x1="${left + width - 110}" y1="${ly - 4}" x2="${left + width - 92}" y2="${ly - 4}" stroke="${colour}" stroke-width="2"/>`,
      `<text x="${left + width - 88}" y="${ly}" font-size="11">${escapeXml(label)}</text>`,
    );
  });
  return parts.join('\n');
}

export function trainingCurveSvg(title: string, history: readonly EpochRecord[], bestEpoch: number): string {
  const train = history.map((h) => h.trainLoss);
  const validation = history.map((h) => h.validationLoss);
  const accuracy = history.map((h) => h.validationAccuracy);
  const lossHigh = Math.max(...train, ...validation);
  const accuracyLow = Math.floor(Math.min(...accuracy) * 10) / 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    panel(PANEL.left[0], 'cross-entropy loss', [
      { values: train, colour: '#1f77b4', label: 'train (batch mean)' },
      { values: validation, colour: '#d62728', label: 'validation' },
    ], 0, lossHigh, bestEpoch),
    panel(PANEL.left[1], 'validation accuracy', [{ values: accuracy, colour: '#2ca02c', label: 'validation' }], accuracyLow, 1, bestEpoch),
    `<text x="${WIDTH / 2}" y="${HEIGHT - 4}" text-anchor="middle" font-size="10" fill="#666">dashed line: kept epoch ${bestEpoch} (lowest validation loss)</text>`,
    '</svg>',
    '',
  ].join('\n');
}
