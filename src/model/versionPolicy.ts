/**
 * Triton's version_policy (docs/user_guide/model_configuration.md#version-policy): which of the
 * version folders on disk are served.
 */
import type { VersionPolicy } from './modelConfig.js';
import { compareVersions } from './repository.js';

export interface VersionSelection {
  /** Versions to load, ascending. */
  selected: string[];
  /** Versions the policy names that are not on disk. */
  missing: string[];
}

/** `available` holds the numeric version folders on disk. */
export function selectVersions(policy: VersionPolicy, available: readonly string[]): VersionSelection {
  const sorted = [...available].sort(compareVersions);
  if ('all' in policy) return { selected: sorted, missing: [] };
  if ('latest' in policy) return { selected: sorted.slice(-policy.latest.num_versions), missing: [] };
  const wanted = [...new Set(policy.specific.versions.map(String))].sort(compareVersions);
  return {
    selected: wanted.filter((v) => sorted.includes(v)),
    missing: wanted.filter((v) => !sorted.includes(v)),
  };
}

export function describePolicy(policy: VersionPolicy): string {
  if ('all' in policy) return 'all';
  if ('latest' in policy) return `latest ${policy.latest.num_versions}`;
  return `specific [${policy.specific.versions.join(',')}]`;
}
