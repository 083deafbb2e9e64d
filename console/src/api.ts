/**
 * The console API client. Every AWS action is `POST /console/api/call` with the operation by
 * name: values travel in request bodies only (never in a URL), the CSRF token in a header, and
 * nothing is kept in localStorage or sessionStorage.
 */
export type Service = 'secretsmanager' | 'cloudtrail' | 'iam' | 'kms';

export type SessionInfo = {
  signedIn: boolean;
  dev?: boolean;
  principal?: { arn: string; accountId: string; userName: string; type: string; accessKeyId: string };
  csrfToken?: string;
  idleTimeoutMs?: number;
  defaultRegion?: string;
  operations?: Partial<Record<Service, string[]>>;
};

/** An error as the server answered it: the AWS code and message (or the console's own). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onSignedOut: (() => void) | undefined;

export const setCsrfToken = (t: string | undefined) => {
  csrfToken = t ?? '';
};

/** Called when the server says the session is gone (idle timeout, sign-out elsewhere). */
export const whenSignedOut = (f: () => void) => {
  onSignedOut = f;
};

async function post<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/console/api/${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError('NetworkError', 'The server could not be reached.', 0);
  }
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new ApiError('InternalServiceError', 'The server sent an answer that is not JSON.', res.status);
  }
  if (!res.ok) {
    const err = new ApiError(
      String(json.code ?? 'InternalServiceError'),
      String(json.message ?? res.statusText),
      res.status,
      (json.requestId as string | undefined) ?? res.headers.get('x-amzn-requestid') ?? undefined,
    );
    if (err.code === 'NotSignedIn') onSignedOut?.();
    throw err;
  }
  return json as T;
}

export async function getSession(): Promise<SessionInfo> {
  const res = await fetch('/console/api/session', { credentials: 'same-origin' });
  return (await res.json()) as SessionInfo;
}

export const signIn = (accessKeyId: string, secretAccessKey: string) =>
  post<SessionInfo>('sign-in', { accessKeyId, secretAccessKey });

export const redeemLink = (token: string) => post<SessionInfo>('redeem', { token });

export const signOut = () => post<SessionInfo>('sign-out', {});

let currentRegion = 'us-east-1';
export const setRegion = (r: string) => {
  currentRegion = r;
};
export const region = () => currentRegion;

/** One AWS operation as the signed-in principal, in the selected region (or `regionOverride`). */
export function call<T = Record<string, unknown>>(
  operation: string,
  input: Record<string, unknown> = {},
  o: { service?: Service; region?: string } = {},
): Promise<T> {
  return post<T>('call', {
    service: o.service ?? 'secretsmanager',
    operation,
    input,
    region: o.region ?? currentRegion,
  });
}

/** A fresh idempotency token, as the AWS SDKs generate for ClientRequestToken. */
export const requestToken = (): string => crypto.randomUUID();
