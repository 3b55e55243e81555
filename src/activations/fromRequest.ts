/**
 * Turns a request (a JSON body, or a .npy body with its query string) into the typed input of
 * applyActivation, checking every field and naming it when it is wrong.
 */
import type { Config } from '../config.js';
import { InvalidNpy, InvalidParameter, ShapeMismatch } from '../errors.js';
import type { FloatArray } from '../kernels/types.js';
import type { ActivationQuery, ActivationRequest } from '../schemas/activation.js';
import { checkElementLimit, formatShape } from '../tensor/shape.js';
import { type FloatDatatype, parseJsonTensor } from '../tensor/jsonTensor.js';
import { decodeNpy, NpyError } from '../tensor/npy.js';
import type { ApplyInput } from './apply.js';
import type { Activation } from './catalog.js';
import { resolveParameters } from './parameters.js';
import { parseSlopeQuery, resolveSlope, type SlopeInput } from './slope.js';

type Limits = Pick<Config, 'MAX_TENSOR_ELEMENTS'>;

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function rejectMisplaced(activation: Activation, hasSlope: boolean, field: string): void {
  if (hasSlope && activation.name !== 'prelu') {
    throw new InvalidParameter(`${field} applies to prelu only, not ${activation.name}`);
  }
}

export function fromJson(activation: Activation, body: ActivationRequest, limits: Limits): ApplyInput {
  const { input } = body;
  const datatype: FloatDatatype = input.datatype ?? 'FP32';
  const x = parseJsonTensor('input', input.shape, datatype, input.data, limits.MAX_TENSOR_ELEMENTS);
  rejectMisplaced(activation, body.slope !== undefined, 'slope');
  const parameters = resolveParameters(activation, body.parameters ?? {}, 'parameters');
  let dy: FloatArray | undefined;
  if (body.grad_output) {
    const shape = body.grad_output.shape ?? input.shape;
    if (!sameShape(shape, input.shape)) {
      throw new ShapeMismatch(
        `grad_output shape ${formatShape(shape)} differs from input shape ${formatShape(input.shape)}`,
      );
    }
    dy = parseJsonTensor('grad_output', shape, datatype, body.grad_output.data, limits.MAX_TENSOR_ELEMENTS);
  }
  return {
    activation,
    x,
    shape: input.shape,
    parameters,
    slope:
      activation.name === 'prelu'
        ? resolveSlope(body.slope as SlopeInput | undefined, input.shape, datatype, limits.MAX_TENSOR_ELEMENTS)
        : undefined,
    dy,
    gradient: body.gradient ?? false,
    stats: body.stats ?? false,
  };
}

export function fromNpy(
  activation: Activation,
  body: Buffer,
  query: ActivationQuery,
  limits: Limits,
): { input: ApplyInput; datatype: FloatDatatype } {
  let decoded;
  try {
    decoded = decodeNpy(body);
  } catch (error) {
    if (error instanceof NpyError) throw new InvalidNpy(`body: ${error.message}`);
    throw error;
  }
  checkElementLimit('body', decoded.shape, limits.MAX_TENSOR_ELEMENTS);
  const { slope, gradient, stats, ...given } = query;
  rejectMisplaced(activation, slope !== undefined, 'querystring.slope');
  const parameters = resolveParameters(activation, given, 'querystring');
  // The decoded array may be a view on the request's buffer; the kernels write into it only
  // when nothing else reads it afterwards (see applyActivation).
  return {
    datatype: decoded.dtype,
    input: {
      activation,
      x: decoded.data,
      shape: decoded.shape,
      parameters,
      slope:
        activation.name === 'prelu'
          ? resolveSlope(
              slope === undefined ? undefined : parseSlopeQuery(slope),
              decoded.shape,
              decoded.dtype,
              limits.MAX_TENSOR_ELEMENTS,
              'querystring.slope',
            )
          : undefined,
      gradient: gradient ?? false,
      stats: stats ?? false,
    },
  };
}
