/**
 * Scalar reference formulas in float64, written from the ONNX definitions and PyTorch's
 * backward kernels rather than from the optimized code. expm1 stands for exp(x) - 1 (same
 * value, without the cancellation near 0).
 */

export const reluRef = (x: number): number => Math.max(0, x);
export const reluGradRef = (x: number, dy: number): number => (x <= 0 ? 0 : dy);

export const leakyReluRef = (x: number, alpha: number): number => (x >= 0 ? x : alpha * x);
export const leakyReluGradRef = (x: number, dy: number, alpha: number): number =>
  x > 0 ? dy : dy * alpha;

export const eluRef = (x: number, alpha: number): number => (x > 0 ? x : alpha * Math.expm1(x));
export const eluGradRef = (x: number, dy: number, alpha: number): number =>
  x <= 0 ? dy * alpha * Math.exp(x) : dy;

export const seluRef = (x: number, alpha: number, gamma: number): number =>
  gamma * (x > 0 ? x : alpha * Math.expm1(x));
export const seluGradRef = (x: number, dy: number, alpha: number, gamma: number): number =>
  x <= 0 ? dy * gamma * alpha * Math.exp(x) : dy * gamma;

export const preluRef = (x: number, slope: number): number => (x >= 0 ? x : slope * x);
export const preluGradRef = (x: number, dy: number, slope: number): number => (x > 0 ? dy : slope * dy);
export const preluSlopeGradRef = (x: number, dy: number): number => (x > 0 ? 0 : x * dy);

/** Central difference of f at x, in float64. */
export function centralDifference(f: (x: number) => number, x: number, h: number): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}
