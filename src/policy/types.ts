import type { CompiledCondition } from './conditions/types.js';
import type { PrincipalSpec } from './principal.js';
import type { Template } from './variables.js';

/** `key`: a KMS key policy (a resource policy that, like a trust policy, must allow on its own). */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'key';
export type PolicyVersion = '2012-10-17' | '2008-10-17';
export type Effect = 'Allow' | 'Deny';

/** Condition keys of one request; names are case-insensitive, values case-sensitive. */
export type RequestContextKeys = Record<string, string | string[] | number | boolean | undefined>;

export type PrincipalType = 'Root' | 'IAMUser' | 'AssumedRole' | 'AWSService';

export type EvalPrincipal = {
  /** Root: arn:aws:iam::<acct>:root; IAMUser: arn:aws:iam::<acct>:user/<path/name>;
   *  AssumedRole: arn:aws:sts::<acct>:assumed-role/<role>/<session>; AWSService: its service principal name. */
  arn: string;
  accountId: string;
  type: PrincipalType;
  tags?: Record<string, string>;
  userName?: string;
  userId?: string;
};

export type EvalRequest = {
  principal: EvalPrincipal;
  action: string;
  resource: string;
  /** The account owning the resource; defaults to the account in the resource ARN, then the principal's. */
  resourceAccountId?: string;
  context: RequestContextKeys;
};

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
export type PolicySide = 'identity' | 'resource';

export type EvalResult = {
  decision: Decision;
  /** Which policy type granted the Allow ('none' when denied). */
  reason: PolicySide | 'both' | 'none';
  /** For ExplicitDeny: where the Deny matched. For ImplicitDeny: which side lacked an Allow. */
  deniedBy?: PolicySide;
};

/** A pattern in Action/NotAction (lower-cased; service prefix and name are case-insensitive). */
export type ActionMatcher = { any: true } | { any: false; exact: string } | { any: false; re: RegExp };

export type CompiledStatement = {
  index: number;
  sid?: string;
  effect: Effect;
  /** Exactly one of actions / notActions is set. */
  actions?: ActionMatcher[];
  notActions?: ActionMatcher[];
  /** Resource patterns; absent in resource policies without a Resource element (= this resource). */
  resources?: Template[];
  notResources?: Template[];
  principal?: PrincipalSpec;
  notPrincipal?: PrincipalSpec;
  conditions: CompiledCondition[];
};

export type CompiledPolicy = {
  kind: PolicyKind;
  version: PolicyVersion;
  statements: CompiledStatement[];
};
