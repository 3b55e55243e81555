import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createCast } from '../../../src/kernels/cast.js';
import { f32, i64, of, runNode } from './runNode.js';

const to = (t: number) => ({ attributes: Attributes.of({ to: t }, ['to']) });
const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;
const BOOL = 9;
const FLOAT16 = 10;

describe('Cast', () => {
  it('float32 -> int64 and int32 truncate toward zero; NaN -> 0', () => {
    const x = f32([6], [1.9, -1.9, 0.5, -0.5, 1e10, NaN]);
    const [y] = runNode(createCast, [x], to(INT64));
    expect(y.type).toBe('int64');
    expect([...y.data]).toEqual([1, -1, 0, -0, 1e10, 0]);
    expect([...runNode(createCast, [f32([3], [2.7, -2.7, 7])], to(INT32))[0].data]).toEqual([2, -2, 7]);
  });

  it('int64 -> float32, and anything -> bool as x != 0', () => {
    const [y] = runNode(createCast, [i64([3], [3, -4, 16777217])], to(FLOAT));
    expect(y.type).toBe('float32');
    expect([...y.data]).toEqual([3, -4, 16777216]);
    expect([...runNode(createCast, [f32([4], [0, -0, 0.1, NaN])], to(BOOL))[0].data]).toEqual([0, 0, 1, 1]);
    expect([...runNode(createCast, [of('bool', [2], Uint8Array.of(1, 0))], to(INT64))[0].data]).toEqual([1, 0]);
  });

  it('FLOAT16 rounds through half precision and stays float32', () => {
    const [y] = runNode(createCast, [f32([5], [1 / 3, 65504, 65520, 1e-8, -2.5])], to(FLOAT16));
    expect(y.type).toBe('float32');
    expect([...y.data]).toEqual([0.333251953125, 65504, Infinity, 0, -2.5]);
  });

  it('returns the input itself when the type does not change, and handles empty tensors', () => {
    const x = f32([2], [1, 2]);
    expect(runNode(createCast, [x], to(FLOAT))[0]).toBe(x);
    expect(runNode(createCast, [f32([0], [])], to(INT64))[0].shape).toEqual([0]);
  });

  it('refuses DOUBLE, strings and 8-bit targets at load, by name', () => {
    expect(() => runNode(createCast, [f32([1], [1])], to(11))).toThrow(/cast to DOUBLE is not supported by the native backend/);
    expect(() => runNode(createCast, [f32([1], [1])], to(8))).toThrow(/cast to STRING/);
    expect(() => runNode(createCast, [f32([1], [1])], to(2))).toThrow(/cast to UINT8/);
    expect(() => runNode(createCast, [f32([1], [1])])).toThrow(/attribute to is required/);
  });
});
