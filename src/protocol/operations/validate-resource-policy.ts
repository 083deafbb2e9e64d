import { defineOperation, str } from './define.js';

export default defineOperation('ValidateResourcePolicy', async (app, ctx, i) => {
  const r = await app.secrets.validateResourcePolicy(ctx, str(i.ResourcePolicy)!, str(i.SecretId));
  return { PolicyValidationPassed: r.passed, ValidationErrors: r.errors };
});
