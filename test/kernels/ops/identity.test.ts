import { describe, expect, it } from 'vitest';
import { createIdentity } from '../../../src/kernels/identity.js';
import { f32, i64, of, runNode } from './runNode.js';

describe('Identity', () => {
  it.each([f32([2], [1, 2]), i64([], [3]), of('bool', [0], new Uint8Array(0)), of('int32', [1], Int32Array.of(7))])('returns its input as is (%o)', (x) => {
    const [y] = runNode(createIdentity, [x]);
    expect(y).toBe(x);
  });
});
