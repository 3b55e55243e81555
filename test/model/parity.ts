/**
 * The parity test's pieces: tolerances, seeded inputs, the comparison of two backends' outputs.
 */
import { fixedValues } from '../../scripts/fixtures/buildModels.js';
import type { GraphTensor } from '../../src/model/onnxGraph.js';
import type { Tensor } from '../../src/model/types.js';
import { fromHalfBits, toHalfBits } from '../../src/protocol/fp16.js';

export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * Both backends compute in float32 but sum in different orders (blocked GEMM, fused Conv + bias)
 * and onnxruntime's exp / sigmoid are polynomial approximations good to a few ulps: a few ulps per
 * layer over ~10 layers stays well under 1e-4 relative, while a wrong index or attribute moves
 * outputs by far more. atol covers outputs that cancel to near zero.
 */
export const FP32_FIXTURES: Tolerance = { rtol: 1e-4, atol: 1e-5 };
/**
 * The native backend widens FP16 to float32 and rounds once at the end; onnxruntime rounds to half
 * after every op, so results differ by a few half ulps (2^-10 relative each).
 */
export const FP16: Tolerance = { rtol: 4e-3, atol: 1e-3 };
/**
 * Test-data inputs span wider ranges than the fixtures' [-1, 1) (Pow, Exp, large sums), so the
 * float32 tolerance is ONNX's own backend-test rtol (what ONNX counts as the same result), with an
 * atol for values that cancel to near zero.
 */
export const FP32_TESTDATA: Tolerance = { rtol: 1e-3, atol: 1e-6 };
/** Integer and boolean outputs are exact in both backends. */
export const EXACT: Tolerance = { rtol: 0, atol: 0 };

/** A small stable hash of a test's label, so each model gets its own inputs run after run. */
export function seedOf(text: string): number {
  let h = 5381;
  for (const c of text) h = (Math.imul(h, 33) + c.charCodeAt(0)) >>> 0;
  return h % 1_000_000;
}

export function randomTensor(input: GraphTensor, shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const uniform = fixedValues(seed, n, -1, 1);
  const make = (data: Tensor['data']): Tensor => ({ name: input.name, datatype: input.datatype, shape, data });
  switch (input.datatype) {
    case 'FP32':
      return make(uniform);
    case 'FP16':
      return make(Uint16Array.from(uniform, toHalfBits));
    case 'INT64':
      return make(BigInt64Array.from(uniform, (v) => BigInt(Math.floor(v * 10))));
    case 'INT32':
      return make(Int32Array.from(uniform, (v) => Math.floor(v * 10)));
    case 'BOOL':
      return make(Uint8Array.from(uniform, (v) => (v >= 0 ? 1 : 0)));
    default:
      throw new Error(`input '${input.name}' is ${input.datatype}; the parity test makes no random ${input.datatype}`);
  }
}

export function numbers(t: Tensor): number[] {
  return t.datatype === 'FP16' ? Array.from(t.data as Uint16Array, fromHalfBits) : Array.from(t.data as ArrayLike<number | bigint>, Number);
}

export function toleranceFor(datatype: string, fp32: Tolerance): Tolerance {
  if (datatype === 'FP32' || datatype === 'FP64') return fp32;
  return datatype === 'FP16' ? FP16 : EXACT;
}

/** The first disagreement between the two backends' output, or undefined when they agree. */
export function disagreement(native: Tensor, reference: Tensor, fp32: Tolerance): string | undefined {
  const what = `output '${reference.name}'`;
  if (native.datatype !== reference.datatype) return `${what} is ${native.datatype} natively, ${reference.datatype} in onnxruntime`;
  if (native.shape.join(',') !== reference.shape.join(',')) {
    return `${what} has shape [${native.shape.join(',')}] natively, [${reference.shape.join(',')}] in onnxruntime`;
  }
  const { rtol, atol } = toleranceFor(reference.datatype, fp32);
  const got = numbers(native);
  const want = numbers(reference);
  for (let i = 0; i < want.length; i++) {
    const [a, e] = [got[i], want[i]];
    if (Number.isNaN(e) ? Number.isNaN(a) : a === e || Math.abs(a - e) <= atol + rtol * Math.abs(e)) continue;
    return `${what}[${i}] is ${a} natively, ${e} in onnxruntime (rtol ${rtol}, atol ${atol})`;
  }
  return undefined;
}

/** A copy per backend, so neither can see what the other did to its inputs. */
export const copy = (t: Tensor): Tensor => ({ ...t, shape: [...t.shape], data: t.data.slice() });
