/**
 * What the protocol routes use of the model registry: a structural slice of ModelRegistry, so
 * the app takes a ModelRegistry as is and tests can hand it a small fake.
 */
import { ModelNotFound } from '../../errors.js';
import type { ModelRegistry } from '../../model/registry.js';

export type { InferResult, ModelMetadata } from '../../model/registry.js';

export type ServingRegistry = Pick<
  ModelRegistry,
  'isReady' | 'index' | 'metadata' | 'modelReady' | 'config' | 'labels' | 'infer' | 'load' | 'unload' | 'statistics'
>;

/**
 * A repository with no models, ready at once: what the routes serve when the app is built
 * without a registry (the OpenAPI generator, the activation tests).
 */
export function emptyRegistry(): ServingRegistry {
  const missing = (name: string): never => {
    throw new ModelNotFound(name);
  };
  return {
    isReady: () => true,
    index: () => [],
    metadata: missing,
    modelReady: missing,
    config: missing,
    labels: missing,
    infer: async (name) => missing(name),
    load: async (name) => missing(name),
    unload: async (name) => missing(name),
    statistics: (name) => (name === undefined ? [] : missing(name)),
  };
}
