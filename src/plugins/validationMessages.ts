/**
 * Schema validation messages that name the field and say what would be right, e.g.
 * `body/input/datatype must be one of FP32, FP64` rather than Ajv's
 * `must be equal to one of the allowed values`.
 */
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';

function describe(error: FastifySchemaValidationError, dataVar: string): string {
  const path = `${dataVar}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return `${path} must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'additionalProperties':
      return `${path} has an unknown field '${String(params.additionalProperty)}'`;
    case 'required':
      return `${path} is missing the required field '${String(params.missingProperty)}'`;
    default:
      return `${path} ${error.message ?? 'is invalid'}`;
  }
}

export function formatValidationErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  return new Error(errors.map((e) => describe(e, dataVar)).join('; '));
}
