import { required } from './axes.js';
import { expectInputs, expectType, OpError, type OpFactory } from './op.js';
import { geometry, ResizeCache, resizeOptions } from './resize.js';
import { planResize } from './resizeKernel.js';
import { toIntegers } from './tensor.js';

/**
 * Upsample: y = x resampled by `scales` (nearest or linear), asymmetric coordinates
 * (x_original = x / scale) as in Resize-10. scales is an attribute in opset 7-8 and an input
 * in 9; the op is deprecated from opset 10 (use Resize), where it is refused at load.
 * https://onnx.ai/onnx/operators/onnx__Upsample.html
 */
export const createUpsample: OpFactory = (node) => {
  if (node.opset >= 10) throw new OpError(node, 'Upsample is deprecated from opset 10; use Resize');
  const scalesAsInput = node.opset >= 9;
  const [type] = expectInputs(node, scalesAsInput ? 2 : 1, scalesAsInput ? 2 : 1, ['float32', 'int64', 'int32', 'bool']);
  if (scalesAsInput) expectType(node, 1, ['float32']);
  const options = resizeOptions(node, true);
  const attributeScales = scalesAsInput ? undefined : node.attributes.floats('scales');
  if (!scalesAsInput && attributeScales === undefined) throw new OpError(node, 'attribute scales is required');
  if (attributeScales?.some((s) => s < 1)) throw new OpError(node, `scales [${attributeScales.join(',')}] must be >= 1`);
  // The last input shape and scales seen and their plan.
  const cache = new ResizeCache();
  return {
    outputTypes: [type],
    run(inputs) {
      const x = required(node, inputs, 0);
      const parameters = [scalesAsInput ? required(node, inputs, 1) : undefined];
      let plan = cache.lookup(x.shape, parameters);
      if (plan === undefined) {
        const scales = attributeScales ?? toIntegers(required(node, inputs, 1));
        plan = cache.store(x.shape, parameters, planResize(x.shape, geometry(node, x.shape, options, scales, undefined, undefined, undefined, 'stretch'), options));
      }
      return [plan.run(x)];
    },
  };
};
