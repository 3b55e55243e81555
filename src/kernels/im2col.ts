/**
 * Patch matrices between images and the GEMM, for Conv (im2col) and ConvTranspose (col2im),
 * over a 3-D window (./poolGeometry.ts; 1-D and 2-D have leading axes of size 1).
 *
 * The patch matrix has one row per output pixel (Conv) or input pixel (ConvTranspose) and one
 * column per (channel, kd, kh, kw): row p, column j reads input (c, od*s - pad + kd*d, ...),
 * zero where that falls in the padding. Rows are produced a chunk at a time so the matrix stays
 * small whatever the image size.
 */
import type { Window3 } from './poolGeometry.js';

/**
 * Fills col (row-major, `count` rows of channels * kernel volume) for output pixels
 * [first, first + count) from `channels` planes of x starting at x[xOffset].
 */
export function im2col(
  x: Float32Array,
  xOffset: number,
  channels: number,
  w: Window3,
  first: number,
  count: number,
  col: Float32Array,
): void {
  const [inD, inH, inW] = w.input;
  const [, outH, outW] = w.output;
  const [kD, kH, kW] = w.kernel;
  const [sD, sH, sW] = w.strides;
  const [dD, dH, dW] = w.dilations;
  const [pD, pH, pW] = w.padBegin;
  const plane = inD * inH * inW;
  let at = 0;
  for (let p = first, end = first + count; p < end; p++) {
    const ow = p % outW;
    const oh = ((p - ow) / outW) % outH;
    const od = (p - ow - oh * outW) / (outW * outH);
    const d0 = od * sD - pD;
    const h0 = oh * sH - pH;
    const w0 = ow * sW - pW;
    for (let c = 0, base = xOffset; c < channels; c++, base += plane) {
      for (let kd = 0; kd < kD; kd++) {
        const id = d0 + kd * dD;
        const depthInside = id >= 0 && id < inD;
        for (let kh = 0; kh < kH; kh++) {
          const ih = h0 + kh * dH;
          const row = base + (id * inH + ih) * inW;
          if (!depthInside || ih < 0 || ih >= inH) {
            for (let kw = 0; kw < kW; kw++) col[at++] = 0;
            continue;
          }
          for (let kw = 0, iw = w0; kw < kW; kw++, iw += dW) col[at++] = iw >= 0 && iw < inW ? x[row + iw] : 0;
        }
      }
    }
  }
}

/**
 * Adds col (row-major, `count` rows of channels * kernel volume, row p for input pixel
 * first + p) into `channels` planes of y starting at y[yOffset]: the transpose of im2col, with
 * w.input the output image and w.output the input image of the ConvTranspose.
 */
export function col2im(
  col: Float32Array,
  channels: number,
  w: Window3,
  first: number,
  count: number,
  y: Float32Array,
  yOffset: number,
): void {
  const [outD, outH, outW] = w.input;
  const [, inH, inW] = w.output;
  const [kD, kH, kW] = w.kernel;
  const [sD, sH, sW] = w.strides;
  const [dD, dH, dW] = w.dilations;
  const [pD, pH, pW] = w.padBegin;
  const plane = outD * outH * outW;
  let at = 0;
  for (let p = first, end = first + count; p < end; p++) {
    const iw = p % inW;
    const ih = ((p - iw) / inW) % inH;
    const id = (p - iw - ih * inW) / (inW * inH);
    const d0 = id * sD - pD;
    const h0 = ih * sH - pH;
    const w0 = iw * sW - pW;
    for (let c = 0, base = yOffset; c < channels; c++, base += plane) {
      for (let kd = 0; kd < kD; kd++) {
        const od = d0 + kd * dD;
        const depthInside = od >= 0 && od < outD;
        for (let kh = 0; kh < kH; kh++) {
          const oh = h0 + kh * dH;
          if (!depthInside || oh < 0 || oh >= outH) {
            at += kW;
            continue;
          }
          const row = base + (od * outH + oh) * outW;
          for (let kw = 0, ow = w0; kw < kW; kw++, ow += dW, at++) {
            if (ow >= 0 && ow < outW) y[row + ow] += col[at];
          }
        }
      }
    }
  }
}

/** Rows per chunk: about a megabyte of patch matrix, and at least a few rows. */
export function chunkRows(columns: number, rows: number): number {
  return Math.max(1, Math.min(rows, Math.max(16, Math.floor(262144 / Math.max(1, columns)))));
}

/** Grow-only scratch arrays shared by the ops (the backend runs one node at a time). */
const scratch: Float32Array[] = [new Float32Array(0), new Float32Array(0)];

/** Scratch array `slot` (0 or 1) of at least `length` floats; contents are undefined. */
export function scratchArray(slot: 0 | 1, length: number): Float32Array {
  if (scratch[slot].length < length) scratch[slot] = new Float32Array(length);
  return scratch[slot];
}
