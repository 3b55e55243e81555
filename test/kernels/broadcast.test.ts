import { describe, expect, it } from 'vitest';
import {
  broadcastIndexMap,
  planUnidirectionalBroadcast,
  unidirectionalBroadcastable,
} from '../../src/kernels/broadcast.js';
import { sizeOf } from '../../src/kernels/tensor.js';
import { naiveIndexMap } from './helpers.js';

/** Index map implied by a plan, to check fast paths against the naive walk. */
function planIndexMap(from: readonly number[], to: readonly number[]): number[] {
  const plan = planUnidirectionalBroadcast(from, to);
  if (plan === undefined) throw new Error('not broadcastable');
  const total = sizeOf(to);
  switch (plan.kind) {
    case 'same':
      return Array.from({ length: total }, (_, i) => i);
    case 'scalar':
      return new Array<number>(total).fill(0);
    case 'channel':
      return Array.from({ length: total }, (_, i) => Math.floor(i / plan.inner) % plan.channels);
    case 'general':
      return Array.from(plan.index);
  }
}

describe('unidirectionalBroadcastable', () => {
  it.each([
    { from: [], to: [], ok: true },
    { from: [], to: [2, 3], ok: true },
    { from: [1], to: [], ok: false },
    { from: [3], to: [2, 3], ok: true },
    { from: [2], to: [2, 3], ok: false },
    { from: [2, 1], to: [2, 3], ok: true },
    { from: [3, 1, 1], to: [2, 3, 4, 5], ok: true },
    { from: [1, 3, 1, 1], to: [2, 3, 4, 5], ok: true },
    { from: [3, 2], to: [1, 3, 4], ok: false },
    { from: [2, 3], to: [1, 3], ok: false },
    { from: [1, 1, 1], to: [4], ok: false },
    { from: [0], to: [2, 0], ok: true },
  ])('$from into $to: $ok', ({ from, to, ok }) => {
    expect(unidirectionalBroadcastable(from, to)).toBe(ok);
  });
});

describe('planUnidirectionalBroadcast', () => {
  it.each([
    { from: [2, 3], to: [2, 3], kind: 'same' },
    { from: [1, 3], to: [3], kind: undefined },
    { from: [3], to: [1, 3], kind: 'same' },
    { from: [], to: [2, 3], kind: 'scalar' },
    { from: [1, 1], to: [2, 3], kind: 'scalar' },
    { from: [3, 1, 1], to: [2, 3, 4, 5], kind: 'channel' },
    { from: [1, 3, 1, 1], to: [2, 3, 4, 5], kind: 'channel' },
    { from: [5], to: [2, 3, 4, 5], kind: 'channel' },
    { from: [4, 5], to: [2, 3, 4, 5], kind: 'channel' },
    { from: [3, 1, 5], to: [2, 3, 1, 5], kind: 'channel' },
    { from: [3, 1, 5], to: [2, 3, 4, 5], kind: 'general' },
    { from: [2, 1, 4, 1], to: [2, 3, 4, 5], kind: 'general' },
    { from: [3, 2], to: [1, 3, 4], kind: undefined },
  ])('$from into $to: $kind', ({ from, to, kind }) => {
    expect(planUnidirectionalBroadcast(from, to)?.kind).toBe(kind);
  });

  it('describes per-channel as outer x channels x inner', () => {
    expect(planUnidirectionalBroadcast([3, 1, 1], [2, 3, 4, 5])).toEqual({
      kind: 'channel',
      outer: 2,
      channels: 3,
      inner: 20,
    });
  });

  it.each([
    { from: [3, 1, 1], to: [2, 3, 4, 5] },
    { from: [5], to: [2, 3, 4, 5] },
    { from: [4, 1], to: [2, 3, 4, 5] },
    { from: [3, 1, 5], to: [2, 3, 4, 5] },
    { from: [2, 1, 4, 1], to: [2, 3, 4, 5] },
    { from: [2, 3, 4, 5], to: [2, 3, 4, 5] },
    { from: [1, 2, 1, 1, 1, 1, 1, 3], to: [2, 2, 1, 2, 1, 2, 1, 3] },
  ])('walks $from into $to like the naive index map', ({ from, to }) => {
    const naive = naiveIndexMap(from, to);
    expect(planIndexMap(from, to)).toEqual(naive);
    expect(Array.from(broadcastIndexMap(from, to))).toEqual(naive);
  });

  it('handles empty shapes', () => {
    expect(broadcastIndexMap([3], [0, 3])).toHaveLength(0);
    expect(planUnidirectionalBroadcast([3], [0, 3])).toMatchObject({ kind: 'channel', outer: 0 });
  });
});
