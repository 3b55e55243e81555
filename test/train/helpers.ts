import { fileURLToPath } from 'node:url';
import { loadDigits } from '../../src/train/digits.js';

export const DATA_DIR = fileURLToPath(new URL('../../data/digits/', import.meta.url));
export const MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));
export const DIGITS = loadDigits(`${DATA_DIR}digits.csv.gz`);
