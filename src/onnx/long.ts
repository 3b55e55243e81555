/** protobufjs hands 64-bit integers (dims, int attributes, versions) over as Long objects. */
export interface LongLike {
  low: number;
  high: number;
}

/** A protobuf int64 as a number (exact up to 2^53); absent fields read 0. */
export function toNumber(value: number | LongLike | null | undefined): number {
  if (value == null) return 0;
  return typeof value === 'number' ? value : value.high * 2 ** 32 + (value.low >>> 0);
}
