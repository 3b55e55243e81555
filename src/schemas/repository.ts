/**
 * Triton's model repository extension, as MLServer's model_repository.json writes it
 * (https://github.com/triton-inference-server/server/blob/main/docs/protocol/extension_model_repository.md).
 */
import { Type } from 'typebox';

export const ModelState = Type.Enum(['UNKNOWN', 'READY', 'UNAVAILABLE', 'LOADING', 'UNLOADING']);

export const RepositoryIndexRequest = Type.Object(
  { ready: Type.Optional(Type.Boolean({ description: 'Only the versions ready for inferencing (default false).' })) },
  { title: 'RepositoryIndexRequest', additionalProperties: true },
);

export const RepositoryIndexEntry = Type.Object({
  name: Type.String(),
  version: Type.String(),
  state: ModelState,
  reason: Type.String({ description: 'Why the version is in this state (a failed load says why); empty when ready.' }),
});

export const RepositoryIndexResponse = Type.Array(RepositoryIndexEntry, { title: 'RepositoryIndexResponse' });

export const RepositoryModelRequest = Type.Object(
  {
    parameters: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'Accepted for compatibility; none is used yet.' }),
    ),
  },
  { title: 'RepositoryModelRequest', additionalProperties: true },
);

/** Load and unload answer 200 with an empty body, as Triton does. */
export const EmptyResponse = { description: 'Done; the body is empty.' } as const;
