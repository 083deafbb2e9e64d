import { Errors } from '../../domain/errors.js';

/**
 * SDKs fill ClientRequestToken themselves; a raw request without one is refused as AWS does
 * (InvalidRequestException, except RotateSecret's InvalidParameterException).
 */
export function requireToken(
  token: string | undefined,
  code: 'InvalidRequestException' | 'InvalidParameterException',
): asserts token is string {
  if (token) return;
  const message = 'You must provide a ClientRequestToken value. We recommend a UUID-type value.';
  throw code === 'InvalidRequestException' ? Errors.invalidRequest(message) : Errors.invalidParameter(message);
}
