import { Errors } from '../../domain/errors.js';
import { type CompiledPolicy, type PolicyKind, PolicySyntaxError, parsePolicy } from '../../policy/index.js';

/**
 * Checks a policy document before IAM stores it, answering MalformedPolicyDocument with AWS's
 * wording for the refusals AWS is known to word (recorded: "This policy contains invalid Json",
 * "Has prohibited field Resource", "AssumeRole policy may only specify STS AssumeRole actions.";
 * documented: "Policy document should not specify a principal.", "Missing required field
 * Principal"). Any other refusal of the policy engine is reported as AWS's generic "Syntax errors
 * in policy." followed by the engine's explanation, which AWS does not give (docs/iam.md).
 */
const TRUST_ACTIONS = /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity)$/i;

export function checkPolicyDocument(text: string, kind: Exclude<PolicyKind, 'resource'>): CompiledPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw Errors.malformedIamPolicy('This policy contains invalid Json');
  }
  for (const s of statementsOf(doc)) {
    if (kind === 'identity' && (s.Principal !== undefined || s.NotPrincipal !== undefined)) {
      throw Errors.malformedIamPolicy('Policy document should not specify a principal.');
    }
    if (kind === 'trust') checkTrustStatement(s);
  }
  try {
    return parsePolicy(text, kind);
  } catch (e) {
    if (e instanceof PolicySyntaxError) throw Errors.malformedIamPolicy(`Syntax errors in policy. (${e.message})`);
    throw e;
  }
}

function checkTrustStatement(s: Record<string, unknown>): void {
  if (s.Resource !== undefined) throw Errors.malformedIamPolicy('Has prohibited field Resource');
  if (s.NotResource !== undefined) throw Errors.malformedIamPolicy('Has prohibited field NotResource');
  if (s.Principal === undefined && s.NotPrincipal === undefined) {
    throw Errors.malformedIamPolicy('Missing required field Principal');
  }
  const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
  if (s.Action !== undefined && !actions.every((a) => typeof a === 'string' && (a === '*' || TRUST_ACTIONS.test(a)))) {
    throw Errors.malformedIamPolicy('AssumeRole policy may only specify STS AssumeRole actions.');
  }
}

function statementsOf(doc: unknown): Record<string, unknown>[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [];
  const st = (doc as Record<string, unknown>).Statement;
  const list = Array.isArray(st) ? st : st === undefined ? [] : [st];
  return list.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && !Array.isArray(s));
}

/** IAM counts an inline policy's size without whitespace (AWS IAM quotas). */
export const policySize = (text: string): number => text.replace(/\s+/g, '').length;
