import { Type, type Static } from 'typebox';
import { ERROR_CODES } from '../errors.js';

/** The one error body of every route; `error` is the Open Inference Protocol's error message. */
export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'What went wrong, naming the field and the problem.' }),
    code: Type.Enum([...ERROR_CODES], { description: 'Stable machine-readable error code.' }),
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    requestId: Type.String({ description: 'The request id, also in the logs.' }),
  },
  { title: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;

/** Response entries for the error statuses a route can answer with. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}
