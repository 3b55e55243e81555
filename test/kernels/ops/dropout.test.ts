import { describe, expect, it } from 'vitest';
import { Attributes } from '../../../src/kernels/attributes.js';
import { createDropout } from '../../../src/kernels/dropout.js';
import { f32, of, runNode } from './runNode.js';

const x = f32([2, 2], [1, -2, 3, NaN]);

describe('Dropout (inference)', () => {
  it('is the identity and shares the data', () => {
    expect(runNode(createDropout, [x])[0]).toBe(x);
    expect(runNode(createDropout, [x], { opset: 7, attributes: Attributes.of({ ratio: 0.3 }) })[0]).toBe(x);
  });

  it('gives an all-true bool mask from opset 10, a float one of ones before', () => {
    const [, mask] = runNode(createDropout, [x, f32([], [0.5])], { outputCount: 2 });
    expect(mask).toMatchObject({ type: 'bool', shape: [2, 2] });
    expect([...mask.data]).toEqual([1, 1, 1, 1]);
    const [, old] = runNode(createDropout, [x], { opset: 7, outputCount: 2 });
    expect(old.type).toBe('float32');
    expect([...old.data]).toEqual([1, 1, 1, 1]);
  });

  it('refuses training mode, at load when known and at run otherwise', () => {
    const on = of('bool', [], Uint8Array.of(1));
    expect(() => runNode(createDropout, [x, undefined, on], { constantInputs: [2] })).toThrow(/training mode is not supported/);
    expect(() => runNode(createDropout, [x, undefined, on])).toThrow(/training mode is not supported/);
    expect(runNode(createDropout, [x, undefined, of('bool', [], Uint8Array.of(0))])[0]).toBe(x);
    // Training with ratio 0 drops nothing.
    expect(runNode(createDropout, [x, f32([], [0]), on], { constantInputs: [1, 2] })[0]).toBe(x);
  });
});
