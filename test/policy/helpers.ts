import {
  type CompiledPolicy,
  type EvalPrincipal,
  type EvalRequest,
  evaluate,
  parsePolicy,
} from '../../src/policy/index.js';

export const ACCT = '111122223333';
export const OTHER = '444455556666';
export const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:app/db-a1b2c3`;

export const user = (name = 'alice', account = ACCT, extra: Partial<EvalPrincipal> = {}): EvalPrincipal => ({
  arn: `arn:aws:iam::${account}:user/${name}`,
  accountId: account,
  type: 'IAMUser',
  userName: name,
  ...extra,
});
export const session = (
  role = 'reader',
  name = 'sess',
  account = ACCT,
  extra: Partial<EvalPrincipal> = {},
): EvalPrincipal => ({
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
  accountId: account,
  type: 'AssumedRole',
  ...extra,
});
export const root = (account = ACCT): EvalPrincipal => ({
  arn: `arn:aws:iam::${account}:root`,
  accountId: account,
  type: 'Root',
});
export const service = (name = 'rotation.strongroom.local'): EvalPrincipal => ({
  arn: name,
  accountId: '',
  type: 'AWSService',
});

type Stmt = Record<string, unknown>;
const doc = (statements: Stmt | Stmt[], version = '2012-10-17') =>
  JSON.stringify({ Version: version, Statement: statements });

export const identity = (statements: Stmt | Stmt[], version?: string): CompiledPolicy =>
  parsePolicy(doc(statements, version), 'identity');
export const resourcePolicy = (statements: Stmt | Stmt[], version?: string): CompiledPolicy =>
  parsePolicy(doc(statements, version), 'resource');

export const allowAll = (extra: Stmt = {}): Stmt => ({ Effect: 'Allow', Action: '*', Resource: '*', ...extra });

export function request(o: Partial<EvalRequest> = {}): EvalRequest {
  return {
    principal: o.principal ?? user(),
    action: o.action ?? 'secretsmanager:GetSecretValue',
    resource: o.resource ?? SECRET,
    context: o.context ?? {},
    ...(o.resourceAccountId ? { resourceAccountId: o.resourceAccountId } : {}),
  };
}

/** Decision for an identity policy with one Allow statement carrying `condition`. */
export function withCondition(condition: Record<string, unknown>, req: Partial<EvalRequest> = {}, version?: string) {
  return evaluate(request(req), [identity(allowAll({ Condition: condition }), version)]).decision;
}
