import type { Tag } from '../../domain/secret.js';
import { defineOperation, list, str } from './define.js';

export default defineOperation('TagResource', async (app, ctx, i) => {
  await app.secrets.tagResource(ctx, str(i.SecretId)!, list<Tag>(i.Tags) ?? []);
  return {};
});
