/**
 * The committed activations.wasm against its AssemblyScript source, and the kernels in a
 * runtime where the module cannot load.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { elu } from '../../src/kernels/elu.js';
import { relu } from '../../src/kernels/relu.js';
import { wasmKernelStatus } from '../../src/kernels/wasm/loader.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMMITTED = join(ROOT, 'src/kernels/wasm/activations.wasm');
const ASC = join(ROOT, 'node_modules/assemblyscript/bin/asc.js');
const hasAsc = existsSync(ASC);

if (!hasAsc) {
  console.warn('SKIPPED: activations.wasm vs its source needs the AssemblyScript compiler (a dev dependency: npm ci)');
}

describe.skipIf(!hasAsc)('activations.wasm', () => {
  it('is byte for byte what `npm run build:wasm` makes of the source, so the two cannot drift', () => {
    // The package.json script itself, with the output redirected (asc lets flags override its config).
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const [command, ...args] = scripts['build:wasm'].split(/\s+/);
    expect(command).toBe('asc');
    const dir = mkdtempSync(join(tmpdir(), 'leaky-serve-wasm-'));
    try {
      const fresh = join(dir, 'activations.wasm');
      execFileSync(process.execPath, [ASC, ...args, '--outFile', fresh], { cwd: ROOT, stdio: 'pipe' });
      const same = readFileSync(fresh).equals(readFileSync(COMMITTED));
      expect(same, 'src/kernels/wasm/activations.wasm is stale: run `npm run build:wasm` and commit it').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('without WebAssembly', () => {
  it('the kernels fall back to the TypeScript loops, which give the same results', () => {
    // A child process, since the module loads once per process: node --no-expose-wasm has no
    // WebAssembly global at all, as a runtime without it would.
    const script = [
      "import { relu } from './src/kernels/relu.js';",
      "import { elu } from './src/kernels/elu.js';",
      "import { wasmKernelStatus } from './src/kernels/wasm/loader.js';",
      'const x = Float32Array.from({ length: 1000 }, (_, i) => (i - 500) / 50);',
      'const r = new Float32Array(1000); relu(x, r);',
      'const e = new Float32Array(1000); elu(x, 1, e);',
      'console.log(JSON.stringify({ status: wasmKernelStatus(), relu: Array.from(r), elu: Array.from(e) }));',
    ].join('\n');
    const output = execFileSync(
      process.execPath,
      ['--no-expose-wasm', '--import', 'tsx', '--input-type=module', '--eval', script],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const result = JSON.parse(output) as { status: { available: boolean; reason?: string }; relu: number[]; elu: number[] };
    expect(result.status).toEqual({ available: false, reason: 'no WebAssembly in this runtime' });
    // Here, where the module loaded, the same calls take the wasm path.
    expect(wasmKernelStatus().available).toBe(true);
    const x = Float32Array.from({ length: 1000 }, (_, i) => (i - 500) / 50);
    const r = new Float32Array(1000);
    relu(x, r);
    const e = new Float32Array(1000);
    elu(x, 1, e);
    expect(result.relu).toEqual(Array.from(r));
    expect(result.elu).toEqual(Array.from(e));
  });
});
