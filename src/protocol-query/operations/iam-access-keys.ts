import type { AccessKeyMetadata } from '../../app/iam/access-keys.js';
import { defineOperations, paged } from '../define.js';

/** CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey. */
const metadataOut = (k: AccessKeyMetadata) => ({
  UserName: k.userName,
  AccessKeyId: k.accessKeyId,
  Status: k.status,
  CreateDate: k.createDate,
});

export const accessKeyOperations = defineOperations({
  CreateAccessKey: async (app, ctx, input) => {
    const k = await app.accessKeys.create(ctx, (input as { UserName?: string }).UserName);
    return { AccessKey: { ...metadataOut(k), SecretAccessKey: k.secretAccessKey } };
  },
  ListAccessKeys: async (app, ctx, input) => {
    const i = input as { UserName?: string; Marker?: string; MaxItems?: number };
    const p = await app.accessKeys.list(ctx, { userName: i.UserName, marker: i.Marker, maxItems: i.MaxItems });
    return paged(p, 'AccessKeyMetadata', metadataOut);
  },
  UpdateAccessKey: async (app, ctx, input) => {
    const i = input as { UserName?: string; AccessKeyId: string; Status: 'Active' | 'Inactive' };
    await app.accessKeys.update(ctx, { userName: i.UserName, accessKeyId: i.AccessKeyId, status: i.Status });
    return undefined;
  },
  DeleteAccessKey: async (app, ctx, input) => {
    const i = input as { UserName?: string; AccessKeyId: string };
    await app.accessKeys.delete(ctx, { userName: i.UserName, accessKeyId: i.AccessKeyId });
    return undefined;
  },
});
