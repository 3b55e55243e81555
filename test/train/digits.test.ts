import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DIGITS_SPLIT, digitsSplit, parseDigitsCsv } from '../../src/train/digits.js';
import { DATA_DIR, DIGITS } from './helpers.js';

describe('the committed UCI digits', () => {
  it('has 1,797 images of 64 counts in 0..16 and every label 0..9', () => {
    expect(DIGITS.count).toBe(1797);
    expect(DIGITS.x.every((v) => Number.isInteger(v) && v >= 0 && v <= 16)).toBe(true);
    expect(new Set(DIGITS.y)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it('splits 1,257 / 270 / 270, disjoint and covering every row, as split.json records', () => {
    const split = digitsSplit();
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([1257, 270, 270]);
    expect(new Set([...split.train, ...split.validation, ...split.test]).size).toBe(1797);
    const committed = JSON.parse(readFileSync(`${DATA_DIR}split.json`, 'utf8'));
    expect(committed.seed).toBe(DIGITS_SPLIT.seed);
    expect(committed.test).toEqual([...split.test]);
    expect(committed.validation).toEqual([...split.validation]);
  });

  it('rejects a malformed row, naming it', () => {
    expect(() => parseDigitsCsv(`${'0,'.repeat(64)}3\n1,2,3\n`)).toThrow(/row 1 is not 64 integer pixels and a label/);
    expect(() => parseDigitsCsv(`${'0,'.repeat(64)}12\n`)).toThrow(/row 0 has label 12/);
  });
});
