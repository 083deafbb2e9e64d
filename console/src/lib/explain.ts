/**
 * A plain-language line under each error code: the code and AWS's message stay exactly as the
 * server sent them; this only says what it usually means and what to do.
 */
const EXPLANATIONS: Record<string, string> = {
  AccessDeniedException: 'Your policies do not allow this action on this resource. Ask an administrator for access.',
  ResourceNotFoundException:
    'Nothing by that name or ARN exists in this region for your account. Check the region selector and the spelling.',
  ResourceExistsException: 'Something with this name already exists. Choose another name.',
  InvalidRequestException:
    "The action does not fit the resource's current state, for example a secret scheduled for deletion.",
  InvalidParameterException: 'A value you entered is not accepted. The message says which one.',
  ValidationException: 'A value you entered does not meet its format or length rules.',
  MalformedPolicyDocumentException: 'The policy is not a valid JSON policy document.',
  PublicPolicyException:
    'The policy would give access to anyone (a public policy). Block public policy stopped it; narrow the Principal.',
  LimitExceededException: 'A limit was reached (too many versions, tags or requests). Wait or remove some first.',
  PreconditionNotMetException: 'The policy or request depends on something that is not in place.',
  EncryptionFailure: 'The value could not be encrypted with the chosen key.',
  DecryptionFailure: 'The value could not be decrypted with its key.',
  InternalServiceError:
    'The server failed on its side. Try again; if it persists, check the server log with the request ID.',
  UnrecognizedClientException: 'The access key is not known to this server, or it was deactivated.',
  ExpiredTokenException: 'The temporary credentials have expired. Sign in again.',
  InvalidNextTokenException: 'The page marker is no longer valid. Start again from the first page.',
  InvalidLookupAttributesException: 'The audit filter is not valid. Pick one attribute and give a value.',
  InvalidTimeRangeException: 'The start time must be before the end time.',
  NoSuchEntity: 'The user, key or policy does not exist.',
  EntityAlreadyExists: 'A user or policy with this name already exists.',
  DeleteConflict: 'Remove what still belongs to it first (access keys, policies).',
  LimitExceeded: 'A limit was reached (for example, two access keys per user).',
  MalformedPolicyDocument: 'The policy is not a valid JSON policy document.',
  ValidationError: 'A value you entered does not meet its format or length rules.',
  InvalidInput: 'A value you entered is not accepted.',
  SignInFailed: 'Check both keys. The server wrote the administrator keys to data/credentials when it first started.',
  SignInLinkInvalid: 'Sign-in links work once and for five minutes.',
  NotSignedIn: 'Sessions end after a period without activity. Sign in again.',
  InvalidCsrfToken: 'Reload the page and try again.',
  NetworkError: 'Check that the Strongroom server is running.',
  OperationNotOffered: 'This server does not provide this action.',
};

export const explain = (code: string): string | undefined => EXPLANATIONS[code];
