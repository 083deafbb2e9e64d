import { describe, expect, it } from 'vitest';
import { denialMessage, evaluate } from '../../src/policy/index.js';
import { allowAll, identity, OTHER, request, resourcePolicy, SECRET, user } from './helpers.js';

const A = 'secretsmanager:GetSecretValue';
const head = `User: arn:aws:iam::111122223333:user/alice is not authorized to perform: ${A} on resource: ${SECRET}`;

describe('denialMessage (AWS AccessDeniedException wording)', () => {
  it('implicit deny: no identity-based policy allows', () => {
    const req = request();
    expect(denialMessage(req, evaluate(req, []))).toBe(
      `${head} because no identity-based policy allows the ${A} action`,
    );
  });

  it('explicit deny in an identity-based policy', () => {
    const req = request();
    const r = evaluate(req, [identity({ Effect: 'Deny', Action: '*', Resource: '*' })]);
    expect(denialMessage(req, r)).toBe(`${head} with an explicit deny in an identity-based policy`);
  });

  it('explicit deny in a resource-based policy', () => {
    const req = request();
    const r = evaluate(req, [identity(allowAll())], resourcePolicy({ Effect: 'Deny', Principal: '*', Action: '*' }));
    expect(denialMessage(req, r)).toBe(`${head} with an explicit deny in a resource-based policy`);
  });

  it('cross-account: no resource-based policy allows', () => {
    const req = request({ principal: user('carol', OTHER) });
    const r = evaluate(req, [identity(allowAll())]);
    expect(denialMessage(req, r)).toBe(
      `User: arn:aws:iam::${OTHER}:user/carol is not authorized to perform: ${A} on resource: ${SECRET} because no resource-based policy allows the ${A} action`,
    );
  });
});
