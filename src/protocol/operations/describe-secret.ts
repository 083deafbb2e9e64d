import { secretMetadata, stagesObject } from '../shapes.js';
import { defineOperation, str } from './define.js';

export default defineOperation('DescribeSecret', async (app, ctx, i) => {
  const { secret, versionStages } = await app.secrets.describeSecret(ctx, str(i.SecretId)!);
  return { ...secretMetadata(secret), VersionIdsToStages: stagesObject(versionStages) };
});
