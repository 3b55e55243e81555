import { Type } from 'typebox';

export const MAX_RANK = 8;

export const FloatDatatype = Type.Enum(['FP32', 'FP64'], {
  description: 'Element type: FP32 (float32, the default) or FP64 (float64).',
});

export const Shape = Type.Array(Type.Integer({ minimum: 0 }), {
  maxItems: MAX_RANK,
  description: 'Dimensions, outermost first; [] is a scalar. The first dimension is the batch.',
});

/**
 * Tensor data is deliberately not typed element by element: validating every number through the
 * schema would walk the whole array before the handler walks it again. src/tensor/jsonTensor.ts
 * checks each element while it copies it into a typed array.
 */
export const TensorData = Type.Unsafe<unknown>({
  description:
    'Elements in row-major order: a flat array of numbers, or arrays nested to match `shape`. ' +
    'The strings "NaN", "Infinity" and "-Infinity" stand for those values.',
  type: 'array',
});

export const FloatTensor = Type.Object(
  {
    shape: Shape,
    datatype: Type.Optional(FloatDatatype),
    data: TensorData,
  },
  { additionalProperties: false },
);

/** A tensor in a response: `data` is always flat, row-major. */
export const FloatTensorOut = Type.Object({
  shape: Shape,
  datatype: FloatDatatype,
  data: Type.Unsafe<(number | string)[]>({
    type: 'array',
    description: 'Flat row-major elements; non-finite values are the strings "NaN", "Infinity", "-Infinity".',
  }),
});
