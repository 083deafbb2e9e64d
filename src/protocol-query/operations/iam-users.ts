import type { UserView } from '../../app/iam/users.js';
import type { Tag } from '../../domain/secret.js';
import { defineOperations, paged } from '../define.js';

/** CreateUser, GetUser, ListUsers, DeleteUser, TagUser, UntagUser, ListUserTags. */
type Paging = { Marker?: string; MaxItems?: number };

/** The User shape; Tags only when there are some (GetUser/CreateUser), never in ListUsers. */
export const userOut = (u: UserView, withTags = true) => ({
  Path: u.path,
  UserName: u.userName,
  UserId: u.userId,
  Arn: u.arn,
  CreateDate: u.createdAt,
  Tags: withTags && u.tags.length > 0 ? u.tags : undefined,
});

export const userOperations = defineOperations({
  CreateUser: async (app, ctx, input) => {
    const i = input as { UserName: string; Path?: string; Tags?: Tag[] };
    return { User: userOut(await app.users.create(ctx, { userName: i.UserName, path: i.Path, tags: i.Tags })) };
  },
  GetUser: async (app, ctx, input) => {
    const i = input as { UserName?: string };
    return { User: userOut(await app.users.get(ctx, i.UserName)) };
  },
  ListUsers: async (app, ctx, input) => {
    const i = input as Paging & { PathPrefix?: string };
    const p = await app.users.list(ctx, { pathPrefix: i.PathPrefix, marker: i.Marker, maxItems: i.MaxItems });
    return paged(p, 'Users', (u) => userOut(u, false));
  },
  DeleteUser: async (app, ctx, input) => {
    await app.users.delete(ctx, (input as { UserName: string }).UserName);
    return undefined;
  },
  TagUser: async (app, ctx, input) => {
    const i = input as { UserName: string; Tags: Tag[] };
    await app.users.tag(ctx, i.UserName, i.Tags);
    return undefined;
  },
  UntagUser: async (app, ctx, input) => {
    const i = input as { UserName: string; TagKeys: string[] };
    await app.users.untag(ctx, i.UserName, i.TagKeys);
    return undefined;
  },
  ListUserTags: async (app, ctx, input) => {
    const i = input as Paging & { UserName: string };
    return paged(
      await app.users.listTags(ctx, { userName: i.UserName, marker: i.Marker, maxItems: i.MaxItems }),
      'Tags',
    );
  },
});
