import { describe, expect, it } from 'vitest';
import { datatypeFromOnnx, itemSize, parseDatatype, tritonType, viewAs } from '../../src/model/datatypes.js';

describe('viewAs', () => {
  it('returns the very array when it already is the datatype storage', () => {
    const data = new Float32Array([1, 2]);
    expect(viewAs('FP32', data)).toBe(data);
    const bits = new Uint16Array([0x3c00]);
    expect(viewAs('FP16', bits)).toBe(bits);
  });

  it('views the same memory, without a copy, when the bytes are aligned', () => {
    const bytes = new Uint8Array(new Float32Array([1.5, -2]).buffer);
    const view = viewAs('FP32', bytes);
    expect(view).toBeInstanceOf(Float32Array);
    expect(view.buffer).toBe(bytes.buffer);
    expect([...(view as Float32Array)]).toEqual([1.5, -2]);
  });

  it('copies only when the bytes are not aligned for the element type', () => {
    const backing = new Uint8Array(9);
    backing.set(new Uint8Array(new Float64Array([3.25]).buffer), 1);
    const view = viewAs('FP64', backing.subarray(1));
    expect(view.buffer).not.toBe(backing.buffer);
    expect([...(view as Float64Array)]).toEqual([3.25]);
  });
});

describe('datatype tables', () => {
  it('maps ONNX element types and both spellings', () => {
    expect(datatypeFromOnnx(1)).toBe('FP32');
    expect(datatypeFromOnnx(10)).toBe('FP16');
    expect(datatypeFromOnnx(8)).toBeUndefined(); // STRING
    expect(parseDatatype('TYPE_INT64')).toBe('INT64');
    expect(parseDatatype('BOOL')).toBe('BOOL');
    expect(parseDatatype('TYPE_STRING')).toBeUndefined();
    expect(tritonType('FP32')).toBe('TYPE_FP32');
    expect(itemSize('BOOL')).toBe(1);
    expect(itemSize('FP16')).toBe(2);
  });
});
