import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMatrixProduct, matrixView, setSgemmBackend, type SgemmBackend } from '../../../src/kernels/matrixProduct.js';
import { wasmSgemmStatus } from '../../../src/kernels/sgemmWasm.js';
import { expectClose, naiveConv2d, naiveMatMul, randomTensor } from './linearReference.js';

describe('sgemm core', () => {
  it('loads the wasm SIMD GEMM on this runtime (Node 20 has WebAssembly SIMD)', () => {
    expect(wasmSgemmStatus()).toEqual({ available: true });
  });

  it.each<SgemmBackend>(['auto', 'typescript'])('%s: one packed B serves As of many row counts, edge tiles and K blocks', (backend) => {
    setSgemmBackend(backend);
    const product = createMatrixProduct();
    setSgemmBackend('auto');
    const [k, n] = [520, 13];
    const b = randomTensor([k, n], 1);
    product.setB(matrixView(b.data as Float32Array, 0, n), k, n);
    for (const m of [1, 2, 3, 4, 5, 7, 9, 64, 3]) {
      const a = randomTensor([m, k], m);
      // Written at an offset into a larger array, which must stay untouched around it.
      const c = new Float32Array(m * n + 10).fill(7);
      product.multiply(m, matrixView(a.data as Float32Array, 0, k), c, 5);
      expectClose({ type: 'float32', shape: [m, n], data: c.subarray(5, 5 + m * n) }, [m, n], naiveMatMul(a.data, b.data, m, k, n));
      expect([...c.subarray(0, 5), ...c.subarray(5 + m * n)]).toEqual(new Array(10).fill(7));
    }
  });
});

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ASC = join(ROOT, 'node_modules/assemblyscript/bin/asc.js');

describe.skipIf(!existsSync(ASC))('gemm.wasm', () => {
  it('is byte for byte what asc makes of src/kernels/wasm/assembly/gemm.ts', () => {
    // The command in that file's header, with the output redirected.
    const dir = mkdtempSync(join(tmpdir(), 'leaky-serve-gemm-'));
    try {
      const fresh = join(dir, 'gemm.wasm');
      const args = ['src/kernels/wasm/assembly/gemm.ts', '--config', 'src/kernels/wasm/assembly/asconfig.json', '-o', fresh];
      execFileSync(process.execPath, [ASC, ...args], { cwd: ROOT, stdio: 'pipe' });
      const same = readFileSync(fresh).equals(readFileSync(join(ROOT, 'src/kernels/wasm/gemm.wasm')));
      expect(same, 'src/kernels/wasm/gemm.wasm is stale: rebuild it from assembly/gemm.ts').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('without WebAssembly', () => {
  it('Gemm and Conv fall back to the TypeScript sgemm and give the same results', () => {
    // A child process: the module compiles once per process, and node --no-expose-wasm has no
    // WebAssembly global at all.
    const script = [
      "import { createConv } from './src/kernels/conv.js';",
      "import { wasmSgemmStatus } from './src/kernels/sgemmWasm.js';",
      "import { Attributes } from './src/kernels/attributes.js';",
      'const x = { type: "float32", shape: [1, 3, 6, 6], data: Float32Array.from({ length: 108 }, (_, i) => Math.sin(i)) };',
      'const w = { type: "float32", shape: [4, 3, 3, 3], data: Float32Array.from({ length: 108 }, (_, i) => Math.cos(i)) };',
      'const node = { opType: "Conv", name: "c", opset: 13, attributes: Attributes.of({ pads: [1, 1, 1, 1] }), inputTypes: ["float32", "float32"], constants: [undefined, w], outputCount: 1 };',
      'const [y] = createConv(node).run([x, w], [false, false]);',
      'console.log(JSON.stringify({ status: wasmSgemmStatus(), y: Array.from(y.data) }));',
    ].join('\n');
    const output = execFileSync(process.execPath, ['--no-expose-wasm', '--import', 'tsx', '--input-type=module', '--eval', script], { cwd: ROOT, encoding: 'utf8' });
    const result = JSON.parse(output) as { status: { available: boolean; reason?: string }; y: number[] };
    expect(result.status).toEqual({ available: false, reason: 'no WebAssembly in this runtime' });
    const x = { type: 'float32' as const, shape: [1, 3, 6, 6], data: Float32Array.from({ length: 108 }, (_, i) => Math.sin(i)) };
    const w = { type: 'float32' as const, shape: [4, 3, 3, 3], data: Float32Array.from({ length: 108 }, (_, i) => Math.cos(i)) };
    const expected = naiveConv2d(x, w, undefined, { pads: [1, 1, 1, 1] });
    expectClose({ type: 'float32', shape: expected.shape, data: Float32Array.from(result.y) }, expected.shape, expected.data);
  });
});
