import { AwsError } from '../client/secrets-client.js';

const HINTS: Record<string, string> = {
  UnrecognizedClientException: 'check AWS_ACCESS_KEY_ID / AWS_PROFILE: the server does not know this access key',
  InvalidSignatureException: 'check the secret access key and that the clock is right',
  AccessDeniedException: "the caller's policies do not allow this action",
  ResourceNotFoundException: 'check the secret id and the region (AWS_REGION / --region)',
  InvalidRequestException: 'the secret may be scheduled for deletion: restore it with RestoreSecret',
};

/** The command line is wrong (a flag's value, a combination): exit code 2, as commander's own errors. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** One line on stderr: the AWS code when there is one, the message, and a hint. */
export function describeError(e: unknown): string {
  if (e instanceof AwsError) {
    const hint = HINTS[e.code];
    return `${e.code}: ${e.message}${hint ? `\n  hint: ${hint}` : ''}`;
  }
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err?.cause?.code ?? err?.code;
  if (code === 'ECONNREFUSED')
    return `${err.message}: nothing listens at the endpoint\n  hint: start the server (npm start) or set --endpoint-url / AWS_ENDPOINT_URL_SECRETS_MANAGER`;
  return e instanceof Error ? e.message : String(e);
}
