/**
 * The Open Inference Protocol's own schemas, from ../shared/specs (next to the repository), as
 * Ajv validators: MLServer's dataplane.json and model_repository.json, and KServe's
 * open_inference_rest.yaml. Tests that need them skip, saying why, when the folder is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/** The repository root's sibling `shared/specs/`. */
export const SPECS_DIR = fileURLToPath(new URL('../../../../shared/specs/', import.meta.url));
export const SPECS_AVAILABLE = ['dataplane.json', 'model_repository.json', 'open_inference_rest.yaml'].every((f) =>
  existsSync(`${SPECS_DIR}${f}`),
);
export const SKIP_REASON = `skipped: the OIP specs are not at ${SPECS_DIR}`;

if (!SPECS_AVAILABLE && process.env.CI === 'true') {
  throw new Error(`the OIP specs are not at ${SPECS_DIR}: CI runs with ../shared beside the clone`);
}
if (!SPECS_AVAILABLE) console.warn(`OIP conformance tests ${SKIP_REASON}`);

type Spec = 'dataplane' | 'repository' | 'kserve';

function load(): Ajv {
  // strict: false lets OpenAPI keywords (x-examples, example) through. One fix: dataplane.json's
  // TensorData says `oneOf: [{type: array}, {type: bytes}]`, and `bytes` is no JSON Schema type;
  // it stands for base64 text, so it is read as `string`.
  const ajv = new Ajv({ strict: false, allErrors: true });
  const dataplane = readFileSync(`${SPECS_DIR}dataplane.json`, 'utf8').replaceAll('"type": "bytes"', '"type": "string"');
  ajv.addSchema(JSON.parse(dataplane), 'dataplane');
  ajv.addSchema(JSON.parse(readFileSync(`${SPECS_DIR}model_repository.json`, 'utf8')), 'repository');
  ajv.addSchema(parse(readFileSync(`${SPECS_DIR}open_inference_rest.yaml`, 'utf8')), 'kserve');
  return ajv;
}

let ajv: Ajv | undefined;
const cache = new Map<string, ValidateFunction>();

export function validator(spec: Spec, schema: string): ValidateFunction {
  ajv ??= load();
  const ref = `${spec}#/components/schemas/${schema}`;
  let validate = cache.get(ref);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: ref });
    cache.set(ref, validate);
  }
  return validate;
}

/** Throws with Ajv's errors when `body` does not match every named schema. */
export function expectConforms(body: unknown, ...schemas: [Spec, string][]): void {
  for (const [spec, schema] of schemas) {
    const validate = validator(spec, schema);
    if (!validate(body)) {
      throw new Error(`${spec} ${schema}: ${JSON.stringify(validate.errors)}\nbody: ${JSON.stringify(body).slice(0, 500)}`);
    }
  }
}

/** The schemas an error body must match: every OIP error object is `{ error: string }`. */
export const ERROR_SCHEMAS: [Spec, string][] = [
  ['dataplane', 'InferenceErrorResponse'],
  ['dataplane', 'MetadataModelErrorResponse'],
  ['kserve', 'inference_error_response'],
];
