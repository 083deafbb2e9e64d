import type { EvalResult } from './types.js';

export type DenialSubject = { principal: { arn: string }; action: string; resource: string };

/**
 * AccessDeniedException text in AWS's wording (IAM "Troubleshooting access denied error
 * messages"): "User: <arn> is not authorized to perform: <action> on resource: <arn>" followed by
 * "because no identity-based policy allows the <action> action" (implicit deny),
 * "because no resource-based policy allows the <action> action" (implicit deny of a cross-account
 * call the resource policy does not grant), or "with an explicit deny in an identity-based policy" /
 * "with an explicit deny in a resource-based policy".
 */
export function denialMessage(subject: DenialSubject, result: Pick<EvalResult, 'decision' | 'deniedBy'>): string {
  const head = `User: ${subject.principal.arn} is not authorized to perform: ${subject.action} on resource: ${subject.resource}`;
  const side = result.deniedBy === 'resource' ? 'resource-based' : 'identity-based';
  if (result.decision === 'ExplicitDeny') {
    return `${head} with an explicit deny in ${side === 'identity-based' ? 'an' : 'a'} ${side} policy`;
  }
  return `${head} because no ${side} policy allows the ${subject.action} action`;
}
