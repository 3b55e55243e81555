/**
 * PReLU's slope as the request gives it (a number, per-channel numbers, or a tensor) turned into
 * one tensor that broadcasts one way into the input, by the ONNX PRelu rule.
 */
import { BroadcastError, InvalidParameter } from '../errors.js';
import { unidirectionalBroadcastable } from '../kernels/broadcast.js';
import type { FloatArray } from '../kernels/types.js';
import { formatShape } from '../tensor/shape.js';
import { allocate, type FloatDatatype, parseJsonTensor } from '../tensor/jsonTensor.js';

export interface SlopeTensor {
  data: FloatArray;
  shape: number[];
}

export type SlopeInput = number | number[] | { shape: number[]; data: unknown };

/**
 * A list of C slopes applies per channel along axis 1, as PyTorch's nn.PReLU(num_parameters=C):
 * it becomes shape [C, 1, ..., 1] so that it lines up with axis 1 of the input.
 */
function perChannel(values: number[], xShape: readonly number[], datatype: FloatDatatype, field: string): SlopeTensor {
  if (values.length === 1) return { data: allocate(datatype, 1).fill(values[0]), shape: [] };
  if (xShape.length < 2 || xShape[1] !== values.length) {
    const channels = xShape.length < 2 ? 'no channel axis (rank below 2)' : `${xShape[1]} channels on axis 1`;
    throw new BroadcastError(
      `${field} has ${values.length} per-channel values but input shape ${formatShape(xShape)} has ${channels}`,
    );
  }
  const shape = [values.length, ...new Array<number>(xShape.length - 2).fill(1)];
  const data = allocate(datatype, values.length);
  data.set(values);
  return { data, shape };
}

export function resolveSlope(
  slope: SlopeInput | undefined,
  xShape: readonly number[],
  datatype: FloatDatatype,
  maxElements: number,
  field = 'slope',
): SlopeTensor {
  if (slope === undefined) {
    throw new InvalidParameter(`${field} is required for prelu: a number, per-channel numbers, or a tensor`);
  }
  if (typeof slope === 'number') return perChannel([slope], xShape, datatype, field);
  if (Array.isArray(slope)) return perChannel(slope, xShape, datatype, field);
  const data = parseJsonTensor(field, slope.shape, datatype, slope.data, maxElements);
  if (!unidirectionalBroadcastable(slope.shape, xShape)) {
    throw new BroadcastError(
      `PRelu: ${field} shape ${formatShape(slope.shape)} does not broadcast to input shape ${formatShape(xShape)}`,
    );
  }
  return { data, shape: slope.shape };
}

/** Parses `?slope=0.1,0.2,0.3` (binary requests); each entry must be a finite number. */
export function parseSlopeQuery(text: string, field = 'querystring.slope'): number[] {
  return text.split(',').map((part, i) => {
    const value = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(value)) {
      throw new InvalidParameter(`${field}[${i}] is '${part}'; expected a finite number`);
    }
    return value;
  });
}
