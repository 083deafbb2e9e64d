/**
 * Identities: accounts, IAM users and roles with their inline policies and tags, the status and
 * deletion of long-term access keys (whose rows CredentialStore inserts and finds), and the
 * temporary credentials STS AssumeRole issues.
 *
 * Invariants every implementation keeps:
 * - user and role names are unique per account ignoring case (IAM's rule), and found ignoring case;
 *   the stored spelling is the one returned;
 * - a duplicate name, user id or role id is refused with StoreConflictError (conflict 'other');
 * - every write to users, roles, inline policies or access keys increases `getIamGeneration()`
 *   (also writes made by another process on the same database), so caches of compiled policies
 *   and signing keys know when to reload; issuing a session does not;
 * - lists are ordered by name ignoring case (users, roles, policies) or by creation (sessions n/a).
 */
import type { Tag } from '../domain/secret.js';

export type AccountRecord = { accountId: string; createdAt: number };

export type IamUserRecord = {
  accountId: string;
  userName: string;
  /** AIDA + 17 characters: stable for the life of the user. */
  userId: string;
  /** "/" or "/a/b/". */
  path: string;
  arn: string;
  createdAt: number;
  tags: Tag[];
};

export type IamRoleRecord = {
  accountId: string;
  roleName: string;
  /** AROA + 17 characters. */
  roleId: string;
  path: string;
  arn: string;
  createdAt: number;
  /** The trust (assume-role) policy document, as given. */
  trustPolicy: string;
  description?: string;
  /** Seconds, 3600 to 43200. */
  maxSessionDuration: number;
  tags: Tag[];
};

/** Whose inline policy: a user or a role, by name (matched ignoring case, like the entity). */
export type PolicyOwner = { accountId: string; kind: 'user' | 'role'; name: string };

export type InlinePolicyRecord = { policyName: string; document: string };

/** Temporary credentials issued by AssumeRole. */
export type SessionRecord = {
  /** ASIA + 16 characters. */
  accessKeyId: string;
  accountId: string;
  roleArn: string;
  roleId: string;
  roleName: string;
  sessionName: string;
  /** The secret access key sealed under the root key. */
  sealedSecret: Uint8Array;
  /** SHA-256 of the session token: the token itself is never stored. */
  tokenHash: Uint8Array;
  /** Session tags (they become aws:PrincipalTag values). */
  tags: Tag[];
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  /**
   * The rotation function this session was issued to run as its execution role (Lambda's
   * lambda:SourceFunctionArn). Never copied to sessions it assumes in turn.
   */
  sourceFunctionArn?: string;
  createdAt: number;
  expiresAt: number;
};

export type IamStore = {
  /** Records an account; a second insert of the same id is a no-op (returns false). */
  insertAccount(a: AccountRecord): Promise<boolean>;
  findAccount(accountId: string): Promise<AccountRecord | undefined>;
  listAccounts(): Promise<AccountRecord[]>;

  insertUser(u: IamUserRecord): Promise<void>;
  findUser(accountId: string, userName: string): Promise<IamUserRecord | undefined>;
  listUsers(accountId: string): Promise<IamUserRecord[]>;
  setUserTags(accountId: string, userName: string, tags: Tag[]): Promise<void>;
  /** Deletes the user and its inline policies; false if there was no such user. */
  deleteUser(accountId: string, userName: string): Promise<boolean>;

  insertRole(r: IamRoleRecord): Promise<void>;
  findRole(accountId: string, roleName: string): Promise<IamRoleRecord | undefined>;
  listRoles(accountId: string): Promise<IamRoleRecord[]>;
  setRoleTags(accountId: string, roleName: string, tags: Tag[]): Promise<void>;
  /** Deletes the role and its inline policies; false if there was no such role. */
  deleteRole(accountId: string, roleName: string): Promise<boolean>;

  /** Creates or replaces the owner's policy of that name (names are case-sensitive). */
  putInlinePolicy(owner: PolicyOwner, policy: InlinePolicyRecord): Promise<void>;
  getInlinePolicy(owner: PolicyOwner, policyName: string): Promise<InlinePolicyRecord | undefined>;
  listInlinePolicies(owner: PolicyOwner): Promise<InlinePolicyRecord[]>;
  deleteInlinePolicy(owner: PolicyOwner, policyName: string): Promise<boolean>;

  /** False if there is no such access key. */
  setAccessKeyStatus(accessKeyId: string, status: 'Active' | 'Inactive'): Promise<boolean>;
  deleteAccessKey(accessKeyId: string): Promise<boolean>;

  insertSession(s: SessionRecord): Promise<void>;
  findSession(accessKeyId: string): Promise<SessionRecord | undefined>;
  /** Removes sessions that expired before `before`; returns how many. */
  deleteExpiredSessions(before: number): Promise<number>;

  /** A counter that every identity write increases (see the invariants above). */
  getIamGeneration(): Promise<number>;
};
