import fc from 'fast-check';
import { describe, it } from 'vitest';
import { elu, eluBackward } from '../../src/kernels/elu.js';
import { leakyRelu, leakyReluBackward } from '../../src/kernels/leakyRelu.js';
import { prelu, preluBackward } from '../../src/kernels/prelu.js';
import { relu, reluBackward } from '../../src/kernels/relu.js';
import { SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, selu, seluBackward } from '../../src/kernels/selu.js';
import { expectClose, expectIdentical, expectWithinUlps, mapReference } from './helpers.js';
import { centralDifference, eluRef, leakyReluRef, preluRef, reluRef, seluRef } from './reference.js';

/** Forward kernels on float32 against the float64 formula with float32 attributes. */
const ELU_FLOAT32_MAX_ULPS = 1;
const SELU_FLOAT32_MAX_ULPS = 2;
/** selu against gamma * elu: two groupings of the same products, each rounded. */
const SELU_VS_ELU_FLOAT64_MAX_ULPS = 2;
const SELU_VS_ELU_FLOAT32_MAX_ULPS = 2;
/** Central differences in float64 with step h: truncation O(h^2), cancellation O(eps / h). */
const FD_STEP = 1e-6;
const FD_RELATIVE_TOLERANCE = 1e-6;
const FD_ABSOLUTE_TOLERANCE = 1e-7;
/** Finite differences stay this far from the kink at 0. */
const FD_MIN_DISTANCE_FROM_ZERO = 1e-3;

const RUNS = { numRuns: 200 };

const anyFloat32Array = fc.float32Array({ maxLength: 64 });
const attribute = (min: number, max: number) =>
  fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true });
const awayFromZero = fc
  .double({ min: -30, max: 30, noNaN: true })
  .filter((x) => Math.abs(x) >= FD_MIN_DISTANCE_FROM_ZERO);
const nchwShape = fc.tuple(
  fc.integer({ min: 1, max: 3 }),
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 1, max: 3 }),
  fc.integer({ min: 1, max: 3 }),
);
/** An [N, C, H, W] shape with X data of that size (any float32, NaN and infinities included). */
const nchwFloat32 = nchwShape.chain((shape) => {
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  return fc.tuple(fc.constant(shape), fc.float32Array({ minLength: size, maxLength: size }));
});
/** An [N, C, H, W] shape with finite float64 X and dY of that size. */
const nchwFloat64 = nchwShape.chain((shape) => {
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  const data = fc.float64Array({ minLength: size, maxLength: size, min: -3, max: 3, noNaN: true });
  return fc.tuple(fc.constant(shape), data, data);
});

/** Runs a float64 forward kernel on one value. */
const at = (forward: (x: Float64Array, out: Float64Array) => void) => (v: number): number => {
  const out = new Float64Array(1);
  forward(Float64Array.of(v), out);
  return out[0];
};

describe('forward kernels match the float64 formula (float32 tolerance)', () => {
  it('relu, bit for bit', () => {
    fc.assert(
      fc.property(anyFloat32Array, (x) => {
        const out = new Float32Array(x.length);
        relu(x, out);
        expectIdentical(out, mapReference(Float32Array, [x], reluRef));
      }),
      RUNS,
    );
  });

  it('leakyRelu, bit for bit', () => {
    fc.assert(
      fc.property(anyFloat32Array, attribute(-2, 2), (x, alpha) => {
        const out = new Float32Array(x.length);
        leakyRelu(x, alpha, out);
        expectIdentical(out, mapReference(Float32Array, [x], (v) => leakyReluRef(v, alpha)));
      }),
      RUNS,
    );
  });

  it(`elu, within ${ELU_FLOAT32_MAX_ULPS} ulp`, () => {
    fc.assert(
      fc.property(anyFloat32Array, attribute(0, 10), (x, alpha) => {
        const out = new Float32Array(x.length);
        elu(x, alpha, out);
        expectWithinUlps(out, mapReference(Float32Array, [x], (v) => eluRef(v, alpha)), ELU_FLOAT32_MAX_ULPS);
      }),
      RUNS,
    );
  });

  it(`selu, within ${SELU_FLOAT32_MAX_ULPS} ulps`, () => {
    fc.assert(
      fc.property(anyFloat32Array, attribute(0, 4), attribute(0.25, 4), (x, alpha, gamma) => {
        const out = new Float32Array(x.length);
        selu(x, alpha, gamma, out);
        const expected = mapReference(Float32Array, [x], (v) => seluRef(v, alpha, gamma));
        expectWithinUlps(out, expected, SELU_FLOAT32_MAX_ULPS);
      }),
      RUNS,
    );
  });

  it('prelu with a per-channel slope, bit for bit', () => {
    fc.assert(
      fc.property(nchwFloat32, ([[n, c, h, w], x]) => {
        const slope = Float32Array.from({ length: c }, (_, k) => Math.fround(0.1 * (k + 1) - 0.15));
        const out = new Float32Array(x.length);
        prelu(x, [n, c, h, w], slope, [c, 1, 1], out);
        const expected = Float32Array.from(x, (v, i) => preluRef(v, slope[Math.floor(i / (h * w)) % c]));
        expectIdentical(out, expected);
      }),
      RUNS,
    );
  });
});

describe('gradients match central finite differences in float64, away from 0', () => {
  const cases: readonly {
    readonly name: string;
    readonly forward: (v: number) => number;
    readonly backward: (x: Float64Array, dy: Float64Array, dx: Float64Array) => void;
  }[] = [
    { name: 'relu', forward: at(relu), backward: reluBackward },
    {
      name: 'leakyRelu',
      forward: at((x, out) => leakyRelu(x, 0.3, out)),
      backward: (x, dy, dx) => leakyReluBackward(x, dy, 0.3, dx),
    },
    { name: 'elu', forward: at((x, out) => elu(x, 1.7, out)), backward: (x, dy, dx) => eluBackward(x, dy, 1.7, dx) },
    {
      name: 'selu',
      forward: at((x, out) => selu(x, SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, out)),
      backward: (x, dy, dx) => seluBackward(x, dy, SELU_DEFAULT_ALPHA, SELU_DEFAULT_GAMMA, dx),
    },
    {
      name: 'prelu',
      forward: at((x, out) => prelu(x, [1], Float64Array.of(0.4), [1], out)),
      backward: (x, dy, dx) => preluBackward(x, [1], Float64Array.of(0.4), [1], dy, dx, new Float64Array(1)),
    },
  ];

  it.each(cases)('$name', ({ forward, backward }) => {
    fc.assert(
      fc.property(awayFromZero, fc.double({ min: -2, max: 2, noNaN: true }), (x, dy) => {
        const dx = new Float64Array(1);
        backward(Float64Array.of(x), Float64Array.of(dy), dx);
        const slope = centralDifference(forward, x, FD_STEP);
        expectClose(dx[0], dy * slope, FD_RELATIVE_TOLERANCE, FD_ABSOLUTE_TOLERANCE);
      }),
      RUNS,
    );
  });

  it('prelu dslope matches finite differences in each slope element', () => {
    fc.assert(
      fc.property(nchwFloat64, ([[n, c, h, w], x, dy]) => {
        const size = x.length;
        const slope = Float64Array.from({ length: c }, (_, k) => 0.2 * k - 0.1);
        const loss = (s: Float64Array): number => {
          const y = new Float64Array(size);
          prelu(x, [n, c, h, w], s, [c, 1, 1], y);
          return y.reduce((sum, v, i) => sum + v * dy[i], 0);
        };
        const dslope = new Float64Array(c);
        preluBackward(x, [n, c, h, w], slope, [c, 1, 1], dy, new Float64Array(size), dslope);
        for (let k = 0; k < c; k++) {
          const along = (value: number): number => loss(Float64Array.from(slope, (s, j) => (j === k ? value : s)));
          expectClose(dslope[k], centralDifference(along, slope[k], FD_STEP), FD_RELATIVE_TOLERANCE, FD_ABSOLUTE_TOLERANCE);
        }
      }),
      RUNS,
    );
  });
});

describe('identities between the ops', () => {
  const noNegativeInfinity = fc.float32Array({ maxLength: 64 }).map((x) => x.map((v) => (v === -Infinity ? 0 : v)));

  it('leakyRelu with alpha 0 is relu (up to the sign of zero; -Infinity excluded: 0 * -Infinity is NaN)', () => {
    fc.assert(
      fc.property(noNegativeInfinity, fc.boolean(), (x32, float64) => {
        const x = float64 ? Float64Array.from(x32) : x32;
        const leaky = new (float64 ? Float64Array : Float32Array)(x.length);
        const plain = new (float64 ? Float64Array : Float32Array)(x.length);
        leakyRelu(x, 0, leaky);
        relu(x, plain);
        expectWithinUlps(leaky, plain, 0);
      }),
      RUNS,
    );
  });

  it('selu(x, alpha, gamma) is gamma * elu(x, alpha)', () => {
    fc.assert(
      fc.property(anyFloat32Array, attribute(0, 4), attribute(0.25, 4), fc.boolean(), (x32, alpha, gamma, float64) => {
        const Type = float64 ? Float64Array : Float32Array;
        const x = Type.from(x32);
        const scaled = new Type(x.length);
        const plain = new Type(x.length);
        selu(x, alpha, gamma, scaled);
        elu(x, alpha, plain);
        const expected = Type.from(Array.from(plain, (v) => gamma * v));
        expectWithinUlps(scaled, expected, float64 ? SELU_VS_ELU_FLOAT64_MAX_ULPS : SELU_VS_ELU_FLOAT32_MAX_ULPS);
      }),
      RUNS,
    );
  });

  it('prelu with a one-element slope is leakyRelu with that alpha, forward and backward', () => {
    fc.assert(
      fc.property(
        anyFloat32Array,
        attribute(-2, 2),
        fc.constantFrom([], [1], [1, 1]),
        fc.boolean(),
        (x32, alpha, slopeShape, float64) => {
          const Type = float64 ? Float64Array : Float32Array;
          const x = Type.from(x32);
          const dy = Type.from(Array.from(x32, (v) => v * 0.5 - 1));
          const slope = Type.of(alpha);
          const viaPrelu = new Type(x.length);
          const viaLeaky = new Type(x.length);
          prelu(x, [1, x.length], slope, slopeShape, viaPrelu);
          leakyRelu(x, alpha, viaLeaky);
          expectIdentical(viaPrelu, viaLeaky);
          preluBackward(x, [1, x.length], slope, slopeShape, dy, viaPrelu, new Type(1));
          leakyReluBackward(x, dy, alpha, viaLeaky);
          expectIdentical(viaPrelu, viaLeaky);
        },
      ),
      RUNS,
    );
  });

});
