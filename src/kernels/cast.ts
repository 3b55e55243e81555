import { required } from './axes.js';
import { expectInputs, OpError, type OpFactory } from './op.js';
import { fromHalfBits, toHalfBits } from '../protocol/fp16.js';
import { allocate, type ElemType, type NativeData } from './tensor.js';

/** TensorProto.DataType codes (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto). */
const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;
const BOOL = 9;
const FLOAT16 = 10;
const DATA_TYPE_NAMES: Record<number, string> = {
  2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 8: 'STRING', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64',
  14: 'COMPLEX64', 15: 'COMPLEX128', 16: 'BFLOAT16', 17: 'FLOAT8E4M3FN', 18: 'FLOAT8E4M3FNUZ', 19: 'FLOAT8E5M2',
  20: 'FLOAT8E5M2FNUZ', 21: 'UINT4', 22: 'INT4',
};
/** The int64 range ends; float64 holds them exactly. */
const INT64_MIN = -(2 ** 63);
const INT64_MAX_ROUNDED = 2 ** 63;

/** Float -> int64 as C++ would for in-range values: truncation toward zero. */
function toInt64(x: Float32Array | Float64Array, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    // NaN has no integer; 0 keeps int64 data integral. Out-of-range values saturate.
    out[i] = v !== v ? 0 : v <= INT64_MIN ? INT64_MIN : v >= INT64_MAX_ROUNDED ? INT64_MAX_ROUNDED : Math.trunc(v);
  }
}

function toHalfPrecision(x: NativeData, out: Float32Array): void {
  for (let i = 0; i < x.length; i++) out[i] = fromHalfBits(toHalfBits(x[i]));
}

/**
 * Cast: y = x converted to the `to` type. float -> integer truncates toward zero; anything ->
 * bool is x != 0 (NaN is true); FLOAT16 rounds to half precision (round half to even) and is
 * kept as float32, as the native backend holds every float16 tensor. DOUBLE, BFLOAT16, 8-bit
 * and string targets are refused at load.
 * https://onnx.ai/onnx/operators/onnx__Cast.html
 */
export const createCast: OpFactory = (node) => {
  const [from] = expectInputs(node, 1, 1, ['float32', 'int64', 'int32', 'bool']);
  const to = node.attributes.int('to');
  if (to === undefined) throw new OpError(node, 'attribute to is required');
  const target: ElemType | undefined = { [FLOAT]: 'float32', [FLOAT16]: 'float32', [INT64]: 'int64', [INT32]: 'int32', [BOOL]: 'bool' }[to] as ElemType | undefined;
  if (target === undefined) {
    throw new OpError(node, `cast to ${DATA_TYPE_NAMES[to] ?? `data type ${to}`} is not supported by the native backend (FLOAT, FLOAT16, INT64, INT32, BOOL are)`);
  }
  const half = to === FLOAT16;
  return {
    outputTypes: [target],
    run(inputs) {
      const x = required(node, inputs, 0);
      if (x.type === target && !half) return [x];
      const y = allocate(target, x.shape);
      const src = x.data;
      const out = y.data;
      if (half) {
        toHalfPrecision(src, out as Float32Array);
      } else if (target === 'bool') {
        for (let i = 0; i < src.length; i++) out[i] = src[i] !== 0 ? 1 : 0;
      } else if (target === 'int64' && (from === 'float32' || x.type === 'float32')) {
        toInt64(src as Float32Array, out as Float64Array);
      } else {
        // int32 storage truncates toward zero and wraps; float32 rounds to nearest; int64
        // from int32 or bool is exact.
        (out as Float64Array).set(src as Float64Array);
      }
      return [y];
    },
  };
};
