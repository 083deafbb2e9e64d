import { type AwsErrorCode, ServiceError } from '../domain/errors.js';
import { escapeXml } from './encode-xml.js';

/**
 * The query protocol's error envelope:
 * `<ErrorResponse xmlns=…><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>
 * <RequestId>…</RequestId></ErrorResponse>`.
 *
 * The authentication layer speaks the JSON services' vocabulary (shared with Secrets Manager);
 * the query front ends of IAM and STS name the same failures differently and answer them with
 * HTTP 403 (AWS "Common Errors"; STS ExpiredToken is 403 as AWS SDK issues record it).
 */
const QUERY_NAMES: Partial<Record<AwsErrorCode, { code: string; status: number }>> = {
  UnrecognizedClientException: { code: 'InvalidClientTokenId', status: 403 },
  InvalidSignatureException: { code: 'SignatureDoesNotMatch', status: 403 },
  IncompleteSignatureException: { code: 'IncompleteSignature', status: 400 },
  MissingAuthenticationTokenException: { code: 'MissingAuthenticationToken', status: 403 },
  ExpiredTokenException: { code: 'ExpiredToken', status: 403 },
  AccessDeniedException: { code: 'AccessDenied', status: 403 },
  ValidationException: { code: 'ValidationError', status: 400 },
  UnknownOperationException: { code: 'InvalidAction', status: 400 },
  InternalServiceError: { code: 'InternalFailure', status: 500 },
};

const INTERNAL = new ServiceError(
  'InternalServiceError',
  'The request processing has failed because of an unknown error, exception or failure.',
  500,
);

export const XML_CONTENT_TYPE = 'text/xml';

export function queryErrorBody(
  e: unknown,
  requestId: string,
  xmlNamespace: string,
): { status: number; body: string; code: string } {
  const se = e instanceof ServiceError ? e : INTERNAL;
  const mapped = QUERY_NAMES[se.code];
  const code = mapped?.code ?? se.code;
  const status = mapped?.status ?? se.status;
  const body =
    `<ErrorResponse xmlns="${xmlNamespace}"><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(se.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
  return { status, body, code };
}
