import { InvalidParameter } from '../errors.js';
import type { Activation, Parameters } from './catalog.js';

/**
 * The parameters an activation runs with: those given, checked against what the activation
 * takes, with the ONNX defaults filled in. `field` names where they came from in the request.
 */
export function resolveParameters(
  activation: Activation,
  given: Record<string, number | undefined>,
  field: string,
): Parameters {
  const accepted = activation.parameters.filter((p) => p.name !== 'slope');
  const resolved: Parameters = {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!accepted.some((p) => p.name === key)) {
      const takes = accepted.length > 0 ? `it takes ${accepted.map((p) => p.name).join(', ')}` : 'it takes none';
      throw new InvalidParameter(`${field}.${key} does not apply to ${activation.name}; ${takes}`);
    }
    if (!Number.isFinite(value)) {
      throw new InvalidParameter(`${field}.${key} must be a finite number, got ${value}`);
    }
    resolved[key] = value;
  }
  for (const p of accepted) {
    if (resolved[p.name] === undefined && p.default !== null) resolved[p.name] = p.default;
  }
  return resolved;
}
