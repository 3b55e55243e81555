/**
 * The one error catalogue. Every error the service answers with is built here, so each has a
 * stable `code`, a status and a message template. The error handler (src/plugins/errorHandler.ts)
 * turns them into the one error body `{ error, code, statusCode, requestId }`, whose `error`
 * field is what the Open Inference Protocol calls the error message.
 */
import createError from '@fastify/error';

export const ActivationNotFound = createError(
  'ACTIVATION_NOT_FOUND',
  "unknown activation '%s'; valid names: %s",
  404,
);
export const RouteNotFound = createError('ROUTE_NOT_FOUND', 'no route %s %s', 404);

/** The request is not what the schema asks for; the message names the field. */
export const ValidationFailed = createError('VALIDATION_ERROR', '%s', 400);
export const InvalidJson = createError('INVALID_JSON', 'body is not valid JSON: %s', 400);
export const InvalidTensor = createError('INVALID_TENSOR', '%s', 400);
export const ShapeMismatch = createError('SHAPE_MISMATCH', '%s', 400);
export const InvalidDatatype = createError('INVALID_DATATYPE', '%s', 400);
export const InvalidParameter = createError('INVALID_PARAMETER', '%s', 400);
export const BroadcastError = createError('BROADCAST_ERROR', '%s', 400);
export const InvalidNpy = createError('INVALID_NPY', '%s', 400);

export const BodyTooLarge = createError(
  'BODY_TOO_LARGE',
  'request body is larger than the limit of %s bytes',
  413,
);
export const TensorTooLarge = createError(
  'TENSOR_TOO_LARGE',
  '%s has %s elements; the limit is %s (MAX_TENSOR_ELEMENTS)',
  413,
);
export const UnsupportedMediaType = createError(
  'UNSUPPORTED_MEDIA_TYPE',
  "Content-Type '%s' is not supported; send application/json or application/x-npy",
  415,
);
export const NotAcceptable = createError('NOT_ACCEPTABLE', '%s', 406);

// Model serving (Open Inference Protocol). Messages follow Triton's wording where it has one.
export const ModelNotFound = createError('MODEL_NOT_FOUND', "Request for unknown model: '%s' is not found", 404);
export const ModelVersionNotFound = createError(
  'MODEL_VERSION_NOT_FOUND',
  "Request for unknown model: '%s' version %s is not found",
  404,
);
export const ModelNotReady = createError('MODEL_NOT_READY', "Model '%s' version %s is not ready: %s", 503);
export const ModelLoadFailed = createError('MODEL_LOAD_FAILED', "failed to load model '%s': %s", 400);
/** A model whose ops or types its configured backend cannot run: the load is refused, not broken. */
export const ModelNotSupported = createError('MODEL_NOT_SUPPORTED', "model '%s' cannot be served: %s", 422);
export const BackendUnavailable = createError(
  'BACKEND_UNAVAILABLE',
  "parameters.backend: %s cannot run on the %s backend: %s",
  400,
);
export const InvalidModelName = createError('INVALID_MODEL_NAME', '%s', 400);
export const InvalidInferRequest = createError('INVALID_INFER_REQUEST', '%s', 400);
export const InferenceFailed = createError('INFERENCE_FAILED', "inference failed for model '%s': %s", 400);
export const Unauthorized = createError('UNAUTHORIZED', '%s', 401);
export const ServerNotReady = createError('SERVER_NOT_READY', '%s', 503);

export const InternalError = createError('INTERNAL_ERROR', 'internal server error', 500);

/** Every code the service can answer with; the OpenAPI error schema lists them. */
export const ERROR_CODES = [
  'ACTIVATION_NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'VALIDATION_ERROR',
  'INVALID_JSON',
  'INVALID_TENSOR',
  'SHAPE_MISMATCH',
  'INVALID_DATATYPE',
  'INVALID_PARAMETER',
  'BROADCAST_ERROR',
  'INVALID_NPY',
  'BODY_TOO_LARGE',
  'TENSOR_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_ACCEPTABLE',
  'MODEL_NOT_FOUND',
  'MODEL_VERSION_NOT_FOUND',
  'MODEL_NOT_READY',
  'MODEL_LOAD_FAILED',
  'MODEL_NOT_SUPPORTED',
  'BACKEND_UNAVAILABLE',
  'INVALID_MODEL_NAME',
  'INVALID_INFER_REQUEST',
  'INFERENCE_FAILED',
  'UNAUTHORIZED',
  'SERVER_NOT_READY',
  'INTERNAL_ERROR',
] as const;
