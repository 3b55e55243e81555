/**
 * An OIP inference request (already schema-checked) into tensors for the model layer: JSON `data`
 * converted element by element, binary inputs wrapped from the body without copying where
 * aligned. The model layer checks names, datatypes and shapes against the model's metadata.
 * Messages follow Triton's HTTP server where it has one.
 */
import { InvalidInferRequest } from '../errors.js';
import type { Tensor } from '../model/types.js';
import type { InferenceRequest } from '../schemas/oip.js';
import { checkElementLimit } from '../tensor/shape.js';
import { BinaryCursor } from './binaryBody.js';
import { byteSize, fromBytes } from './datatypes.js';
import { parseJsonData } from './jsonData.js';

export interface OutputRequest {
  name: string;
  binary: boolean;
  /** Classification extension: how many top classes to return instead of the tensor. */
  classification?: number;
}

export interface DecodedRequest {
  inputs: Tensor[];
  /** The outputs asked for, in order; undefined means all, each encoded as `binaryDefault` says. */
  outputs: OutputRequest[] | undefined;
  binaryDefault: boolean;
}

type RequestInput = InferenceRequest['inputs'][number];

const UNSUPPORTED_PARAMETERS = ['shared_memory_region'];

function rejectSharedMemory(field: string, parameters: Record<string, unknown> | undefined): void {
  for (const key of UNSUPPORTED_PARAMETERS) {
    if (parameters?.[key] !== undefined) {
      throw new InvalidInferRequest(`${field}.parameters.${key}: the shared memory extension is not supported`);
    }
  }
}

function decodeInput(
  input: RequestInput,
  index: number,
  modelName: string,
  cursor: BinaryCursor | undefined,
  maxElements: number,
): Tensor {
  const field = `inputs[${index}]`;
  const { name, shape, datatype } = input;
  rejectSharedMemory(field, input.parameters);
  const binarySize = input.parameters?.binary_data_size;
  const hasData = input.data !== undefined;
  if (hasData === (binarySize !== undefined)) {
    const detail = hasData ? "set 'data' 'binary_data_size'" : 'no field is set';
    throw new InvalidInferRequest(
      `${field} ('${name}'): Input must set only one of the following fields: 'data', ` +
        `'binary_data_size' in 'parameters'. But ${detail}`,
    );
  }
  if (hasData) {
    return { name, datatype, shape, data: parseJsonData(field, datatype, shape, input.data, maxElements) };
  }
  const size = binarySize as number;
  if (cursor === undefined) {
    throw new InvalidInferRequest(
      "must specify valid 'Inference-Header-Content-Length' in request header and 'binary_data_size' " +
        `when passing inputs in binary data format (input '${name}')`,
    );
  }
  const expected = checkElementLimit(field, shape, maxElements) * byteSize(datatype);
  if (size !== expected) {
    throw new InvalidInferRequest(
      `input byte size mismatch for input '${name}' for model '${modelName}'. Expected ${expected}, got ${size}`,
    );
  }
  const bytes = cursor.take(size);
  if (bytes === undefined) {
    throw new InvalidInferRequest(
      `unexpected size for input '${name}', expecting ${size - cursor.remaining} additional bytes for model '${modelName}'`,
    );
  }
  const data = fromBytes(datatype, bytes);
  if (datatype === 'BOOL') {
    const bad = data.findIndex((b) => b !== 0 && b !== 1);
    if (bad >= 0) {
      throw new InvalidInferRequest(`${field} ('${name}'): BOOL byte ${bad} is ${data[bad]}; expected 0 or 1`);
    }
  }
  return { name, datatype, shape, data };
}

export function decodeInferRequest(
  body: InferenceRequest,
  tail: Buffer | undefined,
  modelName: string,
  maxElements: number,
): DecodedRequest {
  const cursor = tail === undefined ? undefined : new BinaryCursor(tail);
  const inputs = body.inputs.map((input, i) => decodeInput(input, i, modelName, cursor, maxElements));
  if (cursor !== undefined && cursor.remaining > 0) {
    throw new InvalidInferRequest(`unexpected additional input data for model '${modelName}'`);
  }
  const binaryDefault = body.parameters?.binary_data_output ?? false;
  const outputs = body.outputs?.map((output, i): OutputRequest => {
    rejectSharedMemory(`outputs[${i}]`, output.parameters);
    const { binary_data: binary = binaryDefault, classification } = output.parameters ?? {};
    return classification === undefined ? { name: output.name, binary } : { name: output.name, binary, classification };
  });
  return { inputs, outputs, binaryDefault };
}
