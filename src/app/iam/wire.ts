import type { RequestContext } from '../context.js';
import * as keys from './access-keys.js';
import { assumeRole } from './assume-role.js';
import { getCallerIdentity } from './caller-identity.js';
import type { IamDeps } from './deps.js';
import { assumeExecutionRole, authorizeExecutionRole, type ExecutionRoleCommand } from './execution-role.js';
import * as policies from './inline-policies.js';
import * as roles from './roles.js';
import * as users from './users.js';

/** Binds each IAM/STS use case to its dependencies: (ctx, command) → result. */
const bind =
  <A extends unknown[], R>(d: IamDeps, f: (d: IamDeps, ctx: RequestContext, ...a: A) => R) =>
  (ctx: RequestContext, ...a: A) =>
    f(d, ctx, ...a);

export function createIamServices(d: IamDeps) {
  return {
    users: {
      create: bind(d, users.createUser),
      get: bind(d, users.getUser),
      list: bind(d, users.listUsers),
      delete: bind(d, users.deleteUser),
      tag: bind(d, users.tagUser),
      untag: bind(d, users.untagUser),
      listTags: bind(d, users.listUserTags),
    },
    accessKeys: {
      create: bind(d, keys.createAccessKey),
      list: bind(d, keys.listAccessKeys),
      update: bind(d, keys.updateAccessKey),
      delete: bind(d, keys.deleteAccessKey),
    },
    policies: {
      put: bind(d, policies.putInlinePolicy),
      get: bind(d, policies.getInlinePolicy),
      list: bind(d, policies.listInlinePolicies),
      delete: bind(d, policies.deleteInlinePolicy),
    },
    roles: {
      create: bind(d, roles.createRole),
      get: bind(d, roles.getRole),
      list: bind(d, roles.listRoles),
      delete: bind(d, roles.deleteRole),
      tag: bind(d, roles.tagRole),
      untag: bind(d, roles.untagRole),
      listTags: bind(d, roles.listRoleTags),
    },
    sts: {
      assumeRole: bind(d, assumeRole),
      getCallerIdentity: bind(d, getCallerIdentity),
    },
    /** Lambda-style execution roles of rotation functions (no caller: Strongroom acts as Lambda). */
    lambda: {
      assumeExecutionRole: (c: ExecutionRoleCommand) => assumeExecutionRole(d, c),
      checkExecutionRole: (c: Omit<ExecutionRoleCommand, 'durationSeconds'>) => authorizeExecutionRole(d, c),
    },
  };
}

export type IamServices = ReturnType<typeof createIamServices>;
