/** Benchmark inputs: reproducible float32 values, the same on every run. */

/** Uniform values in [-3, 3) from a linear congruential generator seeded with `seed`. */
export function randomData(elements: number, seed = 42): Float32Array {
  const x = new Float32Array(elements);
  let state = seed >>> 0;
  for (let i = 0; i < elements; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    x[i] = (state / 2 ** 32) * 6 - 3;
  }
  return x;
}
