/**
 * The console's own errors (sign-in, session, CSRF, request shape). They are not AWS errors, so
 * they live here rather than in domain/errors.ts; everything an operation answers (including
 * AccessDeniedException) is the AWS error itself, passed through unchanged.
 */
export class ConsoleError extends Error {
  override readonly name = 'ConsoleError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const err = (code: string, message: string, status: number) => new ConsoleError(code, message, status);

export const ConsoleErrors = {
  // One message for an unknown key and a wrong secret: sign-in must not reveal which key ids exist.
  signInFailed: () => err('SignInFailed', 'The access key ID or the secret access key is not correct.', 401),
  notSignedIn: () => err('NotSignedIn', 'You are not signed in, or your session has ended. Sign in again.', 401),
  badCsrfToken: () =>
    err('InvalidCsrfToken', "This request did not carry the session's CSRF token. Reload the page and try again.", 403),
  crossOrigin: () => err('CrossOriginRequest', 'Requests to the console API must come from the console itself.', 403),
  notJson: () => err('UnsupportedMediaType', 'The console API accepts application/json request bodies only.', 415),
  badRequest: (why: string) => err('BadRequest', why, 400),
  tooLarge: () => err('RequestTooLarge', 'The request body is too large.', 413),
  operationNotOffered: (service: string, operation: string) =>
    err('OperationNotOffered', `The console does not offer ${service}:${operation}.`, 400),
  loginLinkInvalid: () =>
    err(
      'SignInLinkInvalid',
      'This sign-in link cannot be used: it was already used, it has expired (links last 5 minutes), or this server did not issue it. Run `strongroom console-login` again.',
      401,
    ),
  notFound: () => err('NotFound', 'There is no such console API route.', 404),
} as const;
