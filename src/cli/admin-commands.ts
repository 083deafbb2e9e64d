import { readFile } from 'node:fs/promises';
import type { Tag } from '../domain/secret.js';
import { KEY_COLUMNS, keyJson, ROLE_COLUMNS, roleJson, USER_COLUMNS, userJson } from './admin-output.js';
import type { AdminOptions, AdminSession } from './admin-store.js';
import type { FormatFlags, Result } from './output-format.js';

/**
 * The `strongroom admin` commands for users, access keys, roles and inline policies, for people who do
 * not have the AWS CLI. Each command mirrors the IAM operation of the same name and returns the
 * same JSON the AWS CLI would print (policy documents decoded), which is the default output;
 * create-account, create-root-key and create-access-key default to a credentials-file profile.
 * admin.ts prints the result in the --output format.
 */
export type Opts = AdminOptions & FormatFlags & Record<string, string | string[] | boolean | undefined>;

/** "file://policy.json" or the JSON itself, as the AWS CLI takes policy documents. */
async function document(arg: string): Promise<string> {
  return arg.startsWith('file://') ? readFile(arg.slice('file://'.length), 'utf8') : arg;
}

/** "Key=team,Value=payments" (the AWS CLI's shorthand) or "team=payments". */
export function parseTag(arg: string): Tag {
  const long = /^Key=([^,]*),Value=(.*)$/.exec(arg);
  if (long) return { Key: long[1]!, Value: long[2]! };
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new Error(`invalid tag ${arg}: use Key=<key>,Value=<value> or <key>=<value>`);
  return { Key: arg.slice(0, eq), Value: arg.slice(eq + 1) };
}

export function profile(name: string, accessKeyId: string, secretAccessKey: string): string {
  return `[${name}]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`;
}

/** The result to print, or nothing for commands that print nothing (as the AWS CLI's). */
type Action = (s: AdminSession, accountId: string, o: Opts) => Promise<Result | undefined>;
const none = async (p: Promise<unknown>): Promise<undefined> => {
  await p;
};

/** The commands: name, summary, options ([flags, help] — a trailing "!" marks required), action. */
export const COMMANDS: [string, string, [string, string][], Action][] = [
  [
    'create-user',
    'Create an IAM user.',
    [
      ['--user-name <name>!', 'the user'],
      ['--path <path>', 'e.g. /team/'],
      ['--tags <tag...>', 'Key=k,Value=v …'],
    ],
    async (s, a, o) => ({
      json: {
        User: userJson(
          await s.iam.users.create(s.ctx(a), {
            userName: o.userName as string,
            path: o.path as string | undefined,
            tags: tags(o),
          }),
        ),
      },
      columns: USER_COLUMNS,
    }),
  ],
  [
    'get-user',
    'Show a user.',
    [['--user-name <name>!', 'the user']],
    async (s, a, o) => ({
      json: { User: userJson(await s.iam.users.get(s.ctx(a), o.userName as string)) },
      columns: USER_COLUMNS,
    }),
  ],
  [
    'list-users',
    "List the account's users.",
    [],
    async (s, a) => ({
      json: { Users: (await s.iam.users.list(s.ctx(a), { maxItems: 1000 })).items.map(userJson) },
      columns: USER_COLUMNS,
    }),
  ],
  [
    'delete-user',
    'Delete a user (its keys and policies first).',
    [['--user-name <name>!', 'the user']],
    async (s, a, o) => none(s.iam.users.delete(s.ctx(a), o.userName as string)),
  ],
  [
    'tag-user',
    'Add or replace tags of a user.',
    [
      ['--user-name <name>!', 'the user'],
      ['--tags <tag...>!', 'Key=k,Value=v …'],
    ],
    async (s, a, o) => none(s.iam.users.tag(s.ctx(a), o.userName as string, tags(o) ?? [])),
  ],
  [
    'create-access-key',
    'Create an access key for a user (the secret is shown once).',
    [['--user-name <name>!', 'the user']],
    async (s, a, o) => {
      const k = await s.iam.accessKeys.create(s.ctx(a), o.userName as string);
      return {
        json: {
          AccessKey: {
            UserName: k.userName,
            AccessKeyId: k.accessKeyId,
            Status: k.status,
            SecretAccessKey: k.secretAccessKey,
          },
        },
        plain: () => profile(k.userName, k.accessKeyId, k.secretAccessKey),
      };
    },
  ],
  [
    'list-access-keys',
    "List a user's access keys.",
    [['--user-name <name>!', 'the user']],
    async (s, a, o) => ({
      json: {
        AccessKeyMetadata: (await s.iam.accessKeys.list(s.ctx(a), { userName: o.userName as string })).items.map(
          keyJson,
        ),
      },
      columns: KEY_COLUMNS,
    }),
  ],
  [
    'update-access-key',
    'Make a key Active or Inactive.',
    [
      ['--user-name <name>!', 'the user'],
      ['--access-key-id <id>!', 'the key'],
      ['--status <status>!', 'Active or Inactive'],
    ],
    async (s, a, o) => {
      if (o.status !== 'Active' && o.status !== 'Inactive') throw new Error('--status must be Active or Inactive');
      await s.iam.accessKeys.update(s.ctx(a), {
        userName: o.userName as string,
        accessKeyId: o.accessKeyId as string,
        status: o.status,
      });
      return undefined;
    },
  ],
  [
    'delete-access-key',
    'Delete an access key.',
    [
      ['--user-name <name>!', 'the user'],
      ['--access-key-id <id>!', 'the key'],
    ],
    async (s, a, o) =>
      none(s.iam.accessKeys.delete(s.ctx(a), { userName: o.userName as string, accessKeyId: o.accessKeyId as string })),
  ],
  ...policyCommands('user'),
  [
    'create-role',
    'Create a role with its trust policy.',
    [
      ['--role-name <name>!', 'the role'],
      ['--assume-role-policy-document <json|file://path>!', 'who may assume it'],
      ['--max-session-duration <seconds>', '3600 to 43200'],
      ['--description <text>', 'free text'],
      ['--path <path>', 'e.g. /team/'],
      ['--tags <tag...>', 'Key=k,Value=v …'],
    ],
    async (s, a, o) => ({
      json: {
        Role: roleJson(
          await s.iam.roles.create(s.ctx(a), {
            roleName: o.roleName as string,
            assumeRolePolicyDocument: await document(o.assumeRolePolicyDocument as string),
            maxSessionDuration: o.maxSessionDuration === undefined ? undefined : Number(o.maxSessionDuration),
            description: o.description as string | undefined,
            path: o.path as string | undefined,
            tags: tags(o),
          }),
        ),
      },
      columns: ROLE_COLUMNS,
    }),
  ],
  [
    'get-role',
    'Show a role.',
    [['--role-name <name>!', 'the role']],
    async (s, a, o) => ({
      json: { Role: roleJson(await s.iam.roles.get(s.ctx(a), o.roleName as string)) },
      columns: ROLE_COLUMNS,
    }),
  ],
  [
    'list-roles',
    "List the account's roles.",
    [],
    async (s, a) => ({
      json: { Roles: (await s.iam.roles.list(s.ctx(a), { maxItems: 1000 })).items.map(roleJson) },
      columns: ROLE_COLUMNS,
    }),
  ],
  [
    'delete-role',
    'Delete a role (its policies first).',
    [['--role-name <name>!', 'the role']],
    async (s, a, o) => none(s.iam.roles.delete(s.ctx(a), o.roleName as string)),
  ],
  [
    'tag-role',
    'Add or replace tags of a role.',
    [
      ['--role-name <name>!', 'the role'],
      ['--tags <tag...>!', 'Key=k,Value=v …'],
    ],
    async (s, a, o) => none(s.iam.roles.tag(s.ctx(a), o.roleName as string, tags(o) ?? [])),
  ],
  ...policyCommands('role'),
];

function policyCommands(kind: 'user' | 'role'): typeof COMMANDS {
  const flag: [string, string] = [`--${kind}-name <name>!`, `the ${kind}`];
  const owner = (o: Opts) => (kind === 'user' ? o.userName : o.roleName) as string;
  return [
    [
      `put-${kind}-policy`,
      `Create or replace an inline policy of a ${kind}.`,
      [flag, ['--policy-name <name>!', 'the policy'], ['--policy-document <json|file://path>!', 'the policy']],
      async (s, a, o) =>
        none(
          s.iam.policies.put(s.ctx(a), kind, {
            ownerName: owner(o),
            policyName: o.policyName as string,
            policyDocument: await document(o.policyDocument as string),
          }),
        ),
    ],
    [
      `get-${kind}-policy`,
      `Show an inline policy of a ${kind}.`,
      [flag, ['--policy-name <name>!', 'the policy']],
      async (s, a, o) => {
        const p = await s.iam.policies.get(s.ctx(a), kind, { ownerName: owner(o), policyName: o.policyName as string });
        return { json: { PolicyName: p.policyName, PolicyDocument: JSON.parse(p.policyDocument) } };
      },
    ],
    [
      `list-${kind}-policies`,
      `List the inline policies of a ${kind}.`,
      [flag],
      async (s, a, o) => ({
        json: { PolicyNames: (await s.iam.policies.list(s.ctx(a), kind, { ownerName: owner(o) })).items },
        columns: ['PolicyNames'],
      }),
    ],
    [
      `delete-${kind}-policy`,
      `Delete an inline policy of a ${kind}.`,
      [flag, ['--policy-name <name>!', 'the policy']],
      async (s, a, o) =>
        none(s.iam.policies.delete(s.ctx(a), kind, { ownerName: owner(o), policyName: o.policyName as string })),
    ],
  ];
}

const tags = (o: Opts): Tag[] | undefined => (o.tags as string[] | undefined)?.map(parseTag);
