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
  | 'InvalidLookupAttributesException'
  | 'InvalidNextTokenException'
  | 'InvalidParameterException'
  | 'InvalidRequestException'
  | 'InvalidSignatureException'
  | 'InvalidTimeRangeException'
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
  | 'ValidationException'
  // IAM and STS (query protocol) codes
  | 'DeleteConflict'
  | 'EntityAlreadyExists'
  | 'ExpiredTokenException'
  | 'InvalidAction'
  | 'InvalidInput'
  | 'InvalidParameterValue'
  | 'LimitExceeded'
  | 'MalformedPolicyDocument'
  | 'NoSuchEntity'
  | 'ValidationError'
  // KMS (JSON 1.1, TrentService) codes
  | 'AlreadyExistsException'
  | 'DisabledException'
  | 'IncorrectKeyException'
  | 'InvalidCiphertextException'
  | 'InvalidKeyUsageException'
  | 'InvalidMarkerException'
  | 'KMSInvalidStateException'
  | 'NotAuthorizedException'
  | 'NotFoundException'
  | 'UnsupportedOperationException';

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
  // Resource policies (docs/policies.md): AWS's sentence for a refused policy ("This policy has
  // invalid syntax.", recorded from a real refusal), then the engine's explanation, which AWS omits.
  resourcePolicySyntax: (detail: string) =>
    err('MalformedPolicyDocumentException', `This policy has invalid syntax: ${detail}`),
  // The modelled description of PublicPolicyException; AWS's runtime text is not recorded.
  publicPolicy: () =>
    err(
      'PublicPolicyException',
      'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.',
    ),
  labelQuota: () =>
    err('LimitExceededException', 'You have exceeded the maximum number of staging labels allowed for a secret.'),
  versionQuota: () =>
    err('LimitExceededException', 'You have exceeded the maximum number of versions allowed for a secret.'),

  // --- replication (wording: moto models.py and real-AWS reports quoted in docs/replication.md)
  replicaOperation: () =>
    err(
      'InvalidParameterException',
      "Operation not permitted on a replica secret. Call must be made in primary secret's region.",
    ),
  invalidReplicaRegion: () => err('InvalidParameterException', 'Invalid replica region.'),
  deleteWithReplicas: (arn: string, regions: readonly string[]) =>
    err(
      'InvalidParameterException',
      `You can't delete secret ${arn} that still has replica regions [${regions.join(', ')}].`,
    ),
  notAReplica: () =>
    err(
      'InvalidRequestException',
      "Operation not permitted on a primary secret. Call must be made in replica secret's region.",
    ),

  // --- GetRandomPassword (wording: moto models.py and CloudFormation/CDK reports of the service's refusals)
  passwordTooShort: () => err('InvalidParameterException', 'Password length is too short based on the required types.'),
  passwordTypeExcluded: () =>
    err('InvalidParameterException', 'All characters of the desired type have been excluded.'),
  passwordAllExcluded: () => err('InvalidParameterException', 'All characters have been excluded from selection.'),

  // --- ListSecrets / BatchGetSecretValue filters (wording: moto test_list_secrets.py)
  invalidFilterKey: () => err('InvalidParameterException', 'Invalid filter key'),
  invalidFilterValues: (key: string) => err('InvalidParameterException', `Invalid filter values for key: ${key}`),

  // --- BatchGetSecretValue (wording: moto models.py batch_get_secret_value; unrecorded against AWS)
  batchIdsOrFilters: () =>
    err('InvalidParameterException', "Either 'SecretIdList' or 'Filters' must be provided, but not both."),
  batchMaxResultsNeedsFilters: () =>
    err(
      'InvalidParameterException',
      "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.",
    ),

  // --- Tags (AWS's wording for these refusals is unrecorded; see docs/api-coverage.md)
  tagReservedPrefix: () =>
    err('InvalidParameterException', 'Invalid tag key. The aws: prefix is reserved for AWS use.'),
  tagInvalidKey: (key: string) => err('InvalidParameterException', `Invalid tag key: ${key}`),
  tagMissingKey: () => err('InvalidParameterException', 'Invalid tag: every tag must have a Key.'),
  tagInvalidValue: (key: string) => err('InvalidParameterException', `Invalid tag value for key: ${key}`),
  tagQuota: () =>
    err(
      'LimitExceededException',
      'The request failed because it would exceed the maximum number of tags allowed for a secret.',
    ),

  // --- rotation (sources for each wording: docs/rotation.md "Errors")
  rotationNoFunction: () =>
    err(
      'InvalidRequestException',
      "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.",
    ),
  rotationCannotInvoke: () =>
    err(
      'AccessDeniedException',
      'Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.',
    ),
  rotationInProgress: () =>
    err('InvalidRequestException', "A previous rotation isn't complete. That rotation will be reattempted."),
  rotationNotCreatedByLambda: (versionId: string, secretArn: string, lambdaArn: string) =>
    err(
      'InvalidRequestException',
      `Pending secret version ${versionId} for Secret ${secretArn} was not created by Lambda ${lambdaArn}. Remove the AWSPENDING staging label and restart rotation`,
    ),
  rotationBothSchedules: () =>
    err('InvalidParameterException', 'You cannot specify both rotation frequency and schedule expression together.'),
  rotationDays: () => err('InvalidParameterException', 'RotationRules.AutomaticallyAfterDays must be within 1-1000.'),
  rotationInvalidSchedule: () => err('InvalidParameterException', 'Invalid schedule expression.'),
  rotationRateHours: (minHours: number) =>
    err('InvalidParameterException', `Rate in hour should be least ${minHours} and less than 24.`),
  rotationRateDays: () => err('InvalidParameterException', 'Rate in day should be greater than 0 and less than 1000.'),
  rotationRateMinutes: (minMinutes: number) =>
    err('InvalidParameterException', `Rate in minute should be least ${minMinutes} and less than 60.`),
  rotationDurationRange: () => err('InvalidParameterException', 'Duration must be at least 1 hour, at most 24 hour.'),
  rotationDurationOverRate: () => err('InvalidParameterException', 'Duration cannot be greater than Rate in hour.'),
  rotationDurationPastDay: () => err('InvalidParameterException', 'Starting hour and duration must be within a day.'),

  // --- CloudTrail LookupEvents (codes from the CloudTrail model; AWS's wording is unrecorded: docs/audit.md)
  lookupAttributesCount: () =>
    err('InvalidLookupAttributesException', 'LookupAttributes can contain at most one lookup attribute.'),
  lookupReadOnlyValue: () =>
    err('InvalidLookupAttributesException', "The ReadOnly lookup attribute takes 'true' or 'false'."),
  lookupTimeRange: () => err('InvalidTimeRangeException', 'StartTime must be earlier than or equal to EndTime.'),

  // --- IAM and STS (wording: LocalStack snapshots recorded against AWS; sources in docs/iam.md)
  noSuchUser: (name: string) => err('NoSuchEntity', `The user with name ${name} cannot be found.`, 404),
  noSuchRole: (name: string) => err('NoSuchEntity', `The role with name ${name} cannot be found.`, 404),
  noSuchUserPolicy: (name: string) => err('NoSuchEntity', `The user policy with name ${name} cannot be found.`, 404),
  noSuchRolePolicy: (name: string) => err('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404),
  noSuchAccessKey: (id: string) => err('NoSuchEntity', `The Access Key with id ${id} cannot be found.`, 404),
  userExists: (name: string) => err('EntityAlreadyExists', `User with name ${name} already exists.`, 409),
  roleExists: (name: string) => err('EntityAlreadyExists', `Role with name ${name} already exists.`, 409),
  deleteConflictPolicies: () => err('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409),
  deleteConflictAccessKeys: () => err('DeleteConflict', 'Cannot delete entity, must delete access keys first.', 409),
  accessKeyQuota: () => err('LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2', 409),
  inlinePolicySize: (kind: 'user' | 'role', name: string, max: number) =>
    err('LimitExceeded', `Maximum policy size of ${max} bytes exceeded for ${kind} ${name}`, 409),
  malformedIamPolicy: (message: string) => err('MalformedPolicyDocument', message),
  iamValidation: (message: string) => err('ValidationError', message),
  userNameRequired: () => err('ValidationError', 'Must specify userName when calling with non-User credentials'),
  accessKeyStatus: (status: string) =>
    err('ValidationError', `An access key can be made Active or Inactive, not ${status}.`),
  duplicateTagKeys: () =>
    err('InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.'),
  invalidAction: (action: string, version: string) =>
    err('InvalidAction', `Could not find operation ${action} for version ${version}`),
  durationExceedsRoleMax: () =>
    err('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
  invalidRoleArn: (arn: string) => err('ValidationError', `${arn} is invalid`),
  stsDuplicateTagKeys: () =>
    err('InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.'),
  stsTransitiveKeyNotTagged: () =>
    err('InvalidParameterValue', 'The specified transitive tag key must be included in the requested tags.'),
  stsTransitiveConflict: () =>
    err(
      'InvalidParameterValue',
      "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
    ),
  roleChainingDuration: () =>
    err(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    ),
  // Strongroom's own refusals of AssumeRole features it does not implement (docs/iam.md).
  sessionPolicyUnsupported: () =>
    err('ValidationError', 'Session policies (Policy, PolicyArns) are not supported by this server.'),
  mfaUnsupported: () => err('ValidationError', 'MFA (SerialNumber, TokenCode) is not supported by this server.'),
  expiredToken: () => err('ExpiredTokenException', 'The security token included in the request is expired'),
  /** docs/aws-parity-notes.md §1.5: the default key's policy admits only its own account. */
  crossAccountDefaultKey: () =>
    err(
      'InvalidRequestException',
      "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
    ),

  // --- customer KMS keys seen from Secrets Manager (sources and inferences: docs/kms.md)
  kmsNotAllowed: () => err('AccessDeniedException', 'Access to KMS is not allowed'),
  asymmetricKmsKey: () => err('InvalidRequestException', 'Cannot generate a data key with an asymmetric KMS key'),
  /** A KMS refusal while sealing, wrapped the way Secrets Manager reports it (docs/kms.md). */
  kmsEncryptionFailure: (kms: ServiceError) =>
    err(
      'EncryptionFailure',
      `Secrets Manager can't encrypt the secret value: ${kms.message} (Service: AWSKMS; Status Code: 400; Error Code: ${kms.code})`,
    ),
  kmsDecryptionFailure: (kms: ServiceError) =>
    err(
      'DecryptionFailure',
      `Secrets Manager can't decrypt the secret value: ${kms.message} (Service: AWSKMS; Status Code: 400; Error Code: ${kms.code})`,
    ),

  // --- quotas (docs/kms.md "Quotas")
  throttled: () => err('ThrottlingException', 'Rate exceeded'),
  secretsPerRegion: () =>
    err('LimitExceededException', 'You have exceeded the maximum number of secrets allowed in this Region.'),

  // --- KMS API (wording: LocalStack snapshots recorded against AWS, moto where unrecorded; docs/kms.md)
  kmsInvalidKeyId: (ref: string) => err('NotFoundException', `Invalid keyId '${ref}'`),
  kmsKeyNotFound: (arn: string) => err('NotFoundException', `Key '${arn}' does not exist`),
  kmsInvalidArn: (region: string) => err('NotFoundException', `Invalid arn ${region}`),
  kmsAliasNotFound: (aliasArn: string) => err('NotFoundException', `Alias ${aliasArn} is not found.`),
  kmsDisabled: (arn: string) => err('DisabledException', `${arn} is disabled.`),
  kmsPendingDeletion: (arn: string) => err('KMSInvalidStateException', `${arn} is pending deletion.`),
  kmsNotPendingDeletion: (arn: string) => err('KMSInvalidStateException', `${arn} is not pending deletion.`),
  kmsKeyUsage: (arn: string, usage: string, operation: string) =>
    err('InvalidKeyUsageException', `${arn} key usage is ${usage} which is not valid for ${operation}.`),
  kmsAlgorithm: (algorithm: string, keySpec: string) =>
    err('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`),
  kmsInvalidCiphertext: () => err('InvalidCiphertextException', ''),
  kmsIncorrectKey: () =>
    err('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.'),
  kmsAliasPrefix: () =>
    err(
      'ValidationException',
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    ),
  kmsAliasReserved: () => err('NotAuthorizedException', ''),
  kmsAliasExists: (aliasArn: string) =>
    err('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`),
  kmsAliasTarget: () => err('ValidationException', 'Aliases must refer to keys. Not aliases'),
  kmsKeyUsageRequired: () =>
    err(
      'ValidationException',
      'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
    ),
  kmsKeySpecUsage: (keySpec: string, usage: string) =>
    err('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${keySpec}.`),
  kmsUnsupported: (what: string) => err('UnsupportedOperationException', `${what} is not supported by this server.`),
  kmsDataKeySize: () => err('ValidationException', 'Please specify either number of bytes or key spec.'),
  kmsInvalidMarker: () => err('InvalidMarkerException', 'The marker is invalid.'),
  kmsNoSuchPolicy: () => err('NotFoundException', 'No such policy exists'),
  // A key policy the engine refuses: AWS's message is empty (aws/aws-sdk-ruby#1784); ours is
  // the engine's explanation, as for the other policy errors (docs/kms.md).
  kmsMalformedPolicy: (detail: string) => err('MalformedPolicyDocumentException', detail),
  // The policy lockout safety check (quoted from AWS in many public issues).
  kmsPolicyLockout: () =>
    err(
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
    ),
  /** An AWS managed key's policy allows no changes (aws/secretsmanager, policy auto-secretsmanager-2). */
  kmsManagedKey: (principalArn: string, action: string, arn: string) =>
    err(
      'AccessDeniedException',
      `User: ${principalArn} is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`,
    ),

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
