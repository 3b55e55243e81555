/**
 * A fully connected layer as ONNX Gemm computes it with transA = transB = 0:
 * Y = X W + b, X [rows, in], W [in, out] row-major, b [out].
 * https://onnx.ai/onnx/operators/onnx__Gemm.html
 * Plain loops: at 64 x 64 a batch is a few hundred thousand multiply-adds.
 */
export interface Dense {
  inputs: number;
  outputs: number;
  weight: Float64Array;
  bias: Float64Array;
}

export function createDense(inputs: number, outputs: number): Dense {
  return { inputs, outputs, weight: new Float64Array(inputs * outputs), bias: new Float64Array(outputs) };
}

/** y[r, o] = b[o] + sum_i x[r, i] W[i, o]; the inner loop runs along W's rows (contiguous). */
export function denseForward(layer: Dense, x: Float64Array, rows: number, y: Float64Array): void {
  const { inputs, outputs, weight, bias } = layer;
  for (let r = 0; r < rows; r++) {
    const yRow = r * outputs;
    for (let o = 0; o < outputs; o++) y[yRow + o] = bias[o];
    for (let i = 0; i < inputs; i++) {
      const v = x[r * inputs + i];
      const wRow = i * outputs;
      for (let o = 0; o < outputs; o++) y[yRow + o] += v * weight[wRow + o];
    }
  }
}

/**
 * dW = X^T dY and db = sum over rows of dY (both overwritten); dX = dY W^T when `dx` is given
 * (the first layer's input gradient is never needed).
 */
export function denseBackward(
  layer: Dense,
  x: Float64Array,
  rows: number,
  dy: Float64Array,
  dWeight: Float64Array,
  dBias: Float64Array,
  dx?: Float64Array,
): void {
  const { inputs, outputs, weight } = layer;
  dWeight.fill(0);
  dBias.fill(0);
  for (let r = 0; r < rows; r++) {
    const yRow = r * outputs;
    for (let o = 0; o < outputs; o++) dBias[o] += dy[yRow + o];
    for (let i = 0; i < inputs; i++) {
      const v = x[r * inputs + i];
      const wRow = i * outputs;
      let sum = 0;
      for (let o = 0; o < outputs; o++) {
        const g = dy[yRow + o];
        dWeight[wRow + o] += v * g;
        sum += g * weight[wRow + o];
      }
      if (dx !== undefined) dx[r * inputs + i] = sum;
    }
  }
}
