/** Element storage the kernels accept. Float32 outputs are rounded on store; float64 keep full precision. */
export type FloatArray = Float32Array | Float64Array;
