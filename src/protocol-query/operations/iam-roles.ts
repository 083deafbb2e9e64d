import type { Tag } from '../../domain/secret.js';
import type { IamRoleRecord } from '../../storage/iam-ports.js';
import { defineOperations, encodePolicy, paged } from '../define.js';

/**
 * CreateRole, GetRole, ListRoles, DeleteRole, TagRole, UntagRole, ListRoleTags. AWS's Role shape
 * varies by operation (recorded): CreateRole omits MaxSessionDuration and RoleLastUsed, ListRoles
 * omits RoleLastUsed and Tags, GetRole has them all.
 */
type View = 'create' | 'get' | 'list';

const roleOut = (r: IamRoleRecord, view: View) => ({
  Path: r.path,
  RoleName: r.roleName,
  RoleId: r.roleId,
  Arn: r.arn,
  CreateDate: r.createdAt,
  AssumeRolePolicyDocument: encodePolicy(r.trustPolicy),
  Description: r.description,
  MaxSessionDuration: view === 'create' ? undefined : r.maxSessionDuration,
  Tags: view !== 'list' && r.tags.length > 0 ? r.tags : undefined,
  RoleLastUsed: view === 'get' ? {} : undefined,
});

export const roleOperations = defineOperations({
  CreateRole: async (app, ctx, input) => {
    const i = input as {
      RoleName: string;
      Path?: string;
      AssumeRolePolicyDocument: string;
      Description?: string;
      MaxSessionDuration?: number;
      Tags?: Tag[];
    };
    const role = await app.roles.create(ctx, {
      roleName: i.RoleName,
      path: i.Path,
      assumeRolePolicyDocument: i.AssumeRolePolicyDocument,
      description: i.Description,
      maxSessionDuration: i.MaxSessionDuration,
      tags: i.Tags,
    });
    return { Role: roleOut(role, 'create') };
  },
  GetRole: async (app, ctx, input) => ({
    Role: roleOut(await app.roles.get(ctx, (input as { RoleName: string }).RoleName), 'get'),
  }),
  ListRoles: async (app, ctx, input) => {
    const i = input as { PathPrefix?: string; Marker?: string; MaxItems?: number };
    const p = await app.roles.list(ctx, { pathPrefix: i.PathPrefix, marker: i.Marker, maxItems: i.MaxItems });
    return paged(p, 'Roles', (r) => roleOut(r, 'list'));
  },
  DeleteRole: async (app, ctx, input) => {
    await app.roles.delete(ctx, (input as { RoleName: string }).RoleName);
    return undefined;
  },
  TagRole: async (app, ctx, input) => {
    const i = input as { RoleName: string; Tags: Tag[] };
    await app.roles.tag(ctx, i.RoleName, i.Tags);
    return undefined;
  },
  UntagRole: async (app, ctx, input) => {
    const i = input as { RoleName: string; TagKeys: string[] };
    await app.roles.untag(ctx, i.RoleName, i.TagKeys);
    return undefined;
  },
  ListRoleTags: async (app, ctx, input) => {
    const i = input as { RoleName: string; Marker?: string; MaxItems?: number };
    return paged(
      await app.roles.listTags(ctx, { roleName: i.RoleName, marker: i.Marker, maxItems: i.MaxItems }),
      'Tags',
    );
  },
});
