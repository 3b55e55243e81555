/**
 * The model layer's contract: tensors as they cross it, what a loaded model offers, and what
 * the registry reports. Routes depend on these types only, never on a backend's own.
 */

/** Open Inference Protocol datatypes the service handles. BYTES is not supported. */
export const DATATYPES = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
] as const;
export type Datatype = (typeof DATATYPES)[number];

/**
 * Element storage per datatype: BOOL is one byte per element (0 or 1) in a Uint8Array; FP16 is
 * the raw IEEE half bits in a Uint16Array; INT64/UINT64 are BigInt64Array/BigUint64Array.
 */
export type TypedData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export interface Tensor {
  name: string;
  datatype: Datatype;
  shape: number[];
  data: TypedData;
}

/** A model input or output as metadata describes it; -1 marks a dimension of any size. */
export interface TensorSpec {
  name: string;
  datatype: Datatype;
  shape: number[];
}

export const BACKEND_NAMES = ['onnxruntime', 'native'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** One version of a model, loaded into a backend and ready to run. */
export interface LoadedModel {
  readonly backend: BackendName;
  readonly inputs: TensorSpec[];
  readonly outputs: TensorSpec[];
  /** Runs the model; `outputNames` selects and orders the outputs returned. */
  run(inputs: Tensor[], outputNames: string[]): Promise<Tensor[]>;
  dispose(): Promise<void>;
}

/** States as the Open Inference Protocol's repository extension names them. */
export type ModelState = 'UNKNOWN' | 'READY' | 'UNAVAILABLE' | 'LOADING' | 'UNLOADING';

export interface ModelVersionStatus {
  name: string;
  version: string;
  state: ModelState;
  /** Why a version is not ready (a failed load's message); empty when ready. */
  reason: string;
}
