/**
 * The one catalogue of service errors, with AWS's codes and wording. Handlers never invent
 * messages: they throw one of these. Exact strings matter because SDK users match on them
 * (see docs/aws-parity-notes.md for where each comes from).
 */
export type AwsErrorCode =
  | 'AccessDeniedException'
  | 'DecryptionFailure'
  | 'EncryptionFailure'
  | 'IncompleteSignatureException'
  | 'InternalServiceError'
  | 'InvalidNextTokenException'
  | 'InvalidParameterException'
  | 'InvalidRequestException'
  | 'InvalidSignatureException'
  | 'LimitExceededException'
  | 'MalformedPolicyDocumentException'
  | 'MissingAuthenticationTokenException'
  | 'PreconditionNotMetException'
  | 'PublicPolicyException'
  | 'ResourceExistsException'
  | 'ResourceNotFoundException'
  | 'SerializationException'
  | 'ServiceUnavailable'
  | 'ThrottlingException'
  | 'UnknownOperationException'
  | 'UnrecognizedClientException'
  | 'ValidationException';

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: AwsErrorCode,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
  get fault(): 'client' | 'server' {
    return this.status >= 500 ? 'server' : 'client';
  }
}

const err = (code: AwsErrorCode, message: string, status = 400) => new ServiceError(code, message, status);

export const Errors = {
  // --- lookup
  secretNotFound: () => err('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
  versionIdNotFound: (versionId: string) =>
    err(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
    ),
  stageNotFound: (stage: string) =>
    err(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
    ),
  versionNotFound: (versionId: string) =>
    err('ResourceNotFoundException', `Secrets Manager can't find the specified secret version: ${versionId}`),

  // --- state
  markedForDeletion: () =>
    err(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was marked for deletion.",
    ),
  nameScheduledForDeletion: () =>
    err(
      'InvalidRequestException',
      "You can't create this secret because a secret with this name is already scheduled for deletion.",
    ),
  secretExists: (name: string) =>
    err('ResourceExistsException', `The operation failed because the secret ${name} already exists.`),
  versionImmutable: () =>
    err('ResourceExistsException', "You can't modify an existing version, you can only create a new version."),
  managedByService: () =>
    err(
      'InvalidRequestException',
      'This secret is managed by an AWS service, and you must use that service to update it.',
    ),

  // --- parameters
  bothValues: () =>
    err(
      'InvalidParameterException',
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    ),
  invalidName: () =>
    err(
      'ValidationException',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    ),
  forceAndWindow: () =>
    err(
      'InvalidParameterException',
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    ),
  recoveryWindow: () =>
    err('InvalidParameterException', 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).'),
  invalidParameter: (message: string) => err('InvalidParameterException', message),
  invalidRequest: (message: string) => err('InvalidRequestException', message),
  invalidNextToken: () => err('InvalidNextTokenException', 'The NextToken value is invalid.'),
  limitExceeded: (message: string) => err('LimitExceededException', message),
  malformedPolicy: (message: string) => err('MalformedPolicyDocumentException', message),
  labelQuota: () =>
    err('LimitExceededException', 'You have exceeded the maximum number of staging labels allowed for a secret.'),
  versionQuota: () =>
    err('LimitExceededException', 'You have exceeded the maximum number of versions allowed for a secret.'),

  // --- GetRandomPassword (wording: moto models.py and CloudFormation/CDK reports of the service's refusals)
  passwordTooShort: () => err('InvalidParameterException', 'Password length is too short based on the required types.'),
  passwordTypeExcluded: () =>
    err('InvalidParameterException', 'All characters of the desired type have been excluded.'),
  passwordAllExcluded: () => err('InvalidParameterException', 'All characters have been excluded from selection.'),

  // --- ListSecrets / BatchGetSecretValue filters (wording: moto test_list_secrets.py)
  invalidFilterKey: () => err('InvalidParameterException', 'Invalid filter key'),
  invalidFilterValues: (key: string) => err('InvalidParameterException', `Invalid filter values for key: ${key}`),

  // --- protocol and auth
  validation: (message: string) => err('ValidationException', message),
  serialization: (message: string) => err('SerializationException', message),
  unknownOperation: () => err('UnknownOperationException', ''),
  accessDenied: (message: string) => err('AccessDeniedException', message),
  internal: () => err('InternalServiceError', 'An error occurred on the server side.', 500),
  unavailable: () => err('ServiceUnavailable', 'The service is unavailable. Please try again later.', 503),

  // --- SigV4 authentication. AWS JSON 1.1 front ends answer all of these with HTTP 400;
  // wording, trailing spaces included, is AWS's (sources: src/auth/README.md).
  sigBothForms: () =>
    err(
      'InvalidSignatureException',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    ),
  sigMissingToken: () => err('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  sigUnsupportedAlgorithm: (algorithm: string) =>
    err(
      'IncompleteSignatureException',
      `Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now). `,
    ),
  sigMalformedPair: (pair: string, authorization: string) =>
    err(
      'IncompleteSignatureException',
      `'${pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
    ),
  sigHeaderIncomplete: (missing: readonly string[], noDate: boolean, authorization: string) =>
    err(
      'IncompleteSignatureException',
      `${missing.map((p) => `Authorization header requires '${p}' parameter. `).join('')}${
        noDate ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " : ''
      }Authorization=${authorization}`,
    ),
  sigQueryIncomplete: (missing: readonly string[]) =>
    err(
      'IncompleteSignatureException',
      `${missing.map((p) => `AWS query-string parameters must include '${p}'. `).join('')}Re-examine the query-string parameters.`,
    ),
  sigHostNotSigned: () =>
    err('InvalidSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),
  sigBadDate: (value: string) =>
    err(
      'IncompleteSignatureException',
      `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    ),
  sigExpired: (date: string, limit: string, now: string, minutes: number) =>
    err(
      'InvalidSignatureException',
      `Signature expired: ${date} is now earlier than ${limit} (${now} - ${minutes} min.)`,
    ),
  sigNotYetCurrent: (date: string, limit: string, now: string, minutes: number) =>
    err(
      'InvalidSignatureException',
      `Signature not yet current: ${date} is still later than ${limit} (${now} + ${minutes} min.)`,
    ),
  sigBadCredential: (credential: string) =>
    err(
      'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    ),
  sigBadScope: (p: {
    region?: string;
    service?: string;
    terminator?: string;
    date?: { got: string; want: string; from: string };
  }) =>
    err(
      'InvalidSignatureException',
      [
        p.region !== undefined && `Credential should be scoped to a valid region, not '${p.region}'. `,
        p.service !== undefined && `Credential should be scoped to correct service: '${p.service}'. `,
        p.terminator !== undefined &&
          `Credential should be scoped with a valid terminator: 'aws4_request', not '${p.terminator}'. `,
        p.date &&
          `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${p.date.got}' != '${p.date.want}', from '${p.date.from}'.`,
      ]
        .filter(Boolean)
        .join(''),
    ),
  sigUnknownKey: () => err('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  sigMismatch: (canonicalRequest: string, stringToSign: string) =>
    err(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
        `\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    ),
} as const;
