import { Errors } from '../../domain/errors.js';
import type { Tag } from '../../domain/secret.js';
import type { IamRoleRecord, SessionRecord } from '../../storage/iam-ports.js';
import type { RequestContext } from '../context.js';
import type { IamDeps } from './deps.js';
import { assumedRoleArn, isArnShaped, parseRoleArn } from './names.js';
import { assertDistinctKeys } from './tags.js';
import { tagConditions } from './users.js';

/**
 * STS AssumeRole. The role's trust policy decides (auth/authorizer.ts treats it as the role's
 * resource policy and requires its Allow); a missing role is refused exactly like an untrusted
 * caller. The session gets an ASIA key, a secret and an opaque token (stored hashed), valid for
 * DurationSeconds (900 up to the role's MaxSessionDuration; at most one hour when a role session
 * assumes another role). Session tags become aws:PrincipalTag values; transitive ones carry over
 * to chained sessions and cannot be overridden there.
 */
export type AssumeRoleCommand = {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
  tags?: Tag[];
  transitiveTagKeys?: string[];
  externalId?: string;
  sourceIdentity?: string;
  /** Session policies and MFA are not supported: refused rather than ignored. */
  policy?: string;
  policyArns?: unknown[];
  serialNumber?: string;
  tokenCode?: string;
};

export type AssumeRoleResult = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: number;
  assumedRoleId: string;
  arn: string;
  packedPolicySize?: number;
  sourceIdentity?: string;
};

export const DEFAULT_DURATION = 3600;
const CHAINED_MAX = 3600;

export async function assumeRole(d: IamDeps, ctx: RequestContext, c: AssumeRoleCommand): Promise<AssumeRoleResult> {
  if (!isArnShaped(c.roleArn)) throw Errors.invalidRoleArn(c.roleArn);
  if (c.policy !== undefined || (c.policyArns?.length ?? 0) > 0) throw Errors.sessionPolicyUnsupported();
  if (c.serialNumber !== undefined || c.tokenCode !== undefined) throw Errors.mfaUnsupported();
  const caller =
    ctx.principal.type === 'AssumedRole' ? await d.store.findSession(ctx.principal.accessKeyId) : undefined;
  const tags = sessionTags(c, caller);
  const sourceIdentity = c.sourceIdentity ?? caller?.sourceIdentity;
  const conditions = {
    'sts:RoleSessionName': c.roleSessionName,
    'sts:ExternalId': c.externalId,
    'sts:SourceIdentity': sourceIdentity,
  };
  await d.authorize(ctx, { action: 'sts:AssumeRole', resource: c.roleArn, conditions });
  if (c.tags?.length) {
    const tagged = { ...conditions, ...tagConditions(c.tags), 'sts:TransitiveTagKeys': c.transitiveTagKeys };
    await d.authorize(ctx, { action: 'sts:TagSession', resource: c.roleArn, conditions: tagged });
  }
  if (c.sourceIdentity !== undefined) {
    await d.authorize(ctx, { action: 'sts:SetSourceIdentity', resource: c.roleArn, conditions });
  }
  // The authorizer refuses unknown roles, so the role exists here (barring a concurrent delete).
  const target = parseRoleArn(c.roleArn);
  const role = target && (await d.store.findRole(target.accountId, target.name));
  if (!target || !role) throw Errors.accessDenied(assumeDenied(ctx, c.roleArn));

  const duration = c.durationSeconds ?? DEFAULT_DURATION;
  if (caller && duration > CHAINED_MAX) throw Errors.roleChainingDuration();
  if (duration > role.maxSessionDuration) throw Errors.durationExceedsRoleMax();

  const issued = await issueSession(d, role, {
    sessionName: c.roleSessionName,
    durationSeconds: duration,
    now: ctx.now,
    tags: tags.tags,
    transitiveTagKeys: tags.transitive,
    ...(sourceIdentity !== undefined && { sourceIdentity }),
  });
  return {
    ...issued,
    ...(c.tags?.length && { packedPolicySize: packedSize(tags.tags) }),
    ...(sourceIdentity !== undefined && { sourceIdentity }),
  };
}

export type SessionOptions = {
  sessionName: string;
  durationSeconds: number;
  now: number;
  tags?: Tag[];
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
  sourceFunctionArn?: string;
};

/**
 * Mints and stores a session of `role` once the caller was allowed to assume it: the one place
 * temporary credentials are made (AssumeRole, and Lambda-style execution roles of rotation
 * functions, app/iam/execution-role.ts).
 */
export async function issueSession(
  d: IamDeps,
  role: IamRoleRecord,
  o: SessionOptions,
): Promise<Omit<AssumeRoleResult, 'packedPolicySize' | 'sourceIdentity'>> {
  const key = d.mint.sessionKey();
  const session: SessionRecord = {
    accessKeyId: key.accessKeyId,
    accountId: role.accountId,
    roleArn: role.arn,
    roleId: role.roleId,
    roleName: role.roleName,
    sessionName: o.sessionName,
    sealedSecret: key.sealedSecret,
    tokenHash: key.tokenHash,
    tags: o.tags ?? [],
    transitiveTagKeys: o.transitiveTagKeys ?? [],
    ...(o.sourceIdentity !== undefined && { sourceIdentity: o.sourceIdentity }),
    ...(o.sourceFunctionArn !== undefined && { sourceFunctionArn: o.sourceFunctionArn }),
    createdAt: o.now,
    // Whole seconds, as Expiration is written: the session ends when its Expiration says.
    expiresAt: Math.floor(o.now / 1000) * 1000 + o.durationSeconds * 1000,
  };
  await d.store.deleteExpiredSessions(o.now);
  await d.store.insertSession(session);
  return {
    accessKeyId: key.accessKeyId,
    secretAccessKey: key.secretAccessKey,
    sessionToken: key.sessionToken,
    expiration: session.expiresAt,
    assumedRoleId: `${role.roleId}:${o.sessionName}`,
    arn: assumedRoleArn(role.accountId, role.roleName, o.sessionName),
  };
}

export const assumeDenied = (ctx: RequestContext, roleArn: string): string =>
  `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;

/** The new session's tags: the caller's transitive tags, then the requested ones. */
function sessionTags(c: AssumeRoleCommand, caller: SessionRecord | undefined): { tags: Tag[]; transitive: string[] } {
  const requested = (c.tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
  assertDistinctKeys(requested, Errors.stsDuplicateTagKeys);
  const lower = new Set(requested.map((t) => t.Key.toLowerCase()));
  for (const k of c.transitiveTagKeys ?? []) if (!lower.has(k.toLowerCase())) throw Errors.stsTransitiveKeyNotTagged();
  const inheritedKeys = new Set((caller?.transitiveTagKeys ?? []).map((k) => k.toLowerCase()));
  if ([...lower].some((k) => inheritedKeys.has(k))) throw Errors.stsTransitiveConflict();
  const inherited = (caller?.tags ?? []).filter((t) => inheritedKeys.has(t.Key.toLowerCase()));
  return {
    tags: [...inherited, ...requested],
    transitive: [...(caller?.transitiveTagKeys ?? []), ...(c.transitiveTagKeys ?? [])],
  };
}

/**
 * PackedPolicySize: the percentage of AWS's packed limit the session tags use. AWS's packing is
 * undocumented; this estimate assumes a 2,048-byte budget of "key=value" pairs.
 */
const packedSize = (tags: readonly Tag[]): number =>
  Math.max(1, Math.ceil((tags.reduce((n, t) => n + t.Key.length + t.Value.length + 1, 0) * 100) / 2048));
