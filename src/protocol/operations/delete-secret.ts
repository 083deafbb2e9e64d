import { bool, defineOperation, num, seconds, str } from './define.js';

export default defineOperation('DeleteSecret', async (app, ctx, i) => {
  const r = await app.secrets.deleteSecret(ctx, {
    secretId: str(i.SecretId)!,
    recoveryWindowInDays: num(i.RecoveryWindowInDays),
    forceDeleteWithoutRecovery: bool(i.ForceDeleteWithoutRecovery),
  });
  return { ARN: r.arn, Name: r.name, DeletionDate: seconds(r.deletionDate) };
});
