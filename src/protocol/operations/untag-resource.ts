import { defineOperation, list, str } from './define.js';

export default defineOperation('UntagResource', async (app, ctx, i) => {
  await app.secrets.untagResource(ctx, str(i.SecretId)!, list<string>(i.TagKeys) ?? []);
  return {};
});
