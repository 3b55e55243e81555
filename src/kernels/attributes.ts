/**
 * A node's attributes, read once at model load. Each getter takes the ONNX default (named at the
 * op that uses it) and throws, naming the node and the attribute, when the stored type is wrong.
 * https://github.com/onnx/onnx/blob/main/docs/IR.md#attributes
 */
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';
import { tensorFromProto } from '../onnx/tensorProto.js';
import { fromOnnxTensor } from './fromOnnx.js';
import type { NativeTensor } from './tensor.js';
import { toNumber } from '../onnx/long.js';

const { AttributeType } = onnxProto.onnx.AttributeProto;

export class Attributes {
  private readonly byName: Map<string, onnx.IAttributeProto>;

  constructor(
    private readonly where: string,
    attributes: readonly onnx.IAttributeProto[] = [],
  ) {
    this.byName = new Map(attributes.map((a) => [a.name ?? '', a]));
  }

  /** Builds from plain values, for kernels' own tests: numbers are floats unless in `ints`. */
  static of(values: Record<string, number | number[] | string>, ints: readonly string[] = []): Attributes {
    const protos: onnx.IAttributeProto[] = Object.entries(values).map(([name, v]) => {
      if (typeof v === 'string') return { name, type: AttributeType.STRING, s: new TextEncoder().encode(v) };
      if (Array.isArray(v)) return ints.includes(name) || v.every(Number.isInteger) ? { name, type: AttributeType.INTS, ints: v } : { name, type: AttributeType.FLOATS, floats: v };
      return ints.includes(name) ? { name, type: AttributeType.INT, i: v } : { name, type: AttributeType.FLOAT, f: v };
    });
    return new Attributes('test', protos);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  float(name: string, fallback: number): number;
  float(name: string): number | undefined;
  float(name: string, fallback?: number): number | undefined {
    const a = this.get(name, AttributeType.FLOAT);
    return a === undefined ? fallback : (a.f ?? 0);
  }

  int(name: string, fallback: number): number;
  int(name: string): number | undefined;
  int(name: string, fallback?: number): number | undefined {
    const a = this.get(name, AttributeType.INT);
    return a === undefined ? fallback : toNumber(a.i);
  }

  ints(name: string, fallback: number[]): number[];
  ints(name: string): number[] | undefined;
  ints(name: string, fallback?: number[]): number[] | undefined {
    const a = this.get(name, AttributeType.INTS);
    return a === undefined ? fallback : (a.ints ?? []).map(toNumber);
  }

  floats(name: string, fallback: number[]): number[];
  floats(name: string): number[] | undefined;
  floats(name: string, fallback?: number[]): number[] | undefined {
    const a = this.get(name, AttributeType.FLOATS);
    return a === undefined ? fallback : [...(a.floats ?? [])];
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    const a = this.get(name, AttributeType.STRING);
    return a === undefined ? fallback : new TextDecoder().decode(a.s ?? new Uint8Array());
  }

  tensor(name: string): NativeTensor | undefined {
    const a = this.get(name, AttributeType.TENSOR);
    if (a === undefined) return undefined;
    if (a.t == null) throw new Error(`${this.where}: attribute ${name} has no tensor`);
    return fromOnnxTensor(tensorFromProto(a.t), `${this.where}: attribute ${name}`);
  }

  private get(name: string, type: number): onnx.IAttributeProto | undefined {
    const a = this.byName.get(name);
    if (a === undefined) return undefined;
    // Very old exporters leave `type` unset (0); trust the field that is filled then.
    if (a.type != null && a.type !== 0 && a.type !== type) {
      throw new Error(`${this.where}: attribute ${name} is ${AttributeType[a.type] ?? a.type}, expected ${AttributeType[type]}`);
    }
    return a;
  }
}
