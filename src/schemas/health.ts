import { Type } from 'typebox';

export const HealthBody = Type.Object({
  status: Type.Literal('ok'),
  uptimeSeconds: Type.Number({ minimum: 0 }),
});
