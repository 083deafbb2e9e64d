import { AwsError, type SecretsClient } from '../client/secrets-client.js';

export type UpstreamResult = { status: number; body: string };

/** GetSecretValue upstream; errors keep AWS's status and become the agent's Coral-style body. */
export async function fetchUpstream(
  client: SecretsClient,
  q: { secretId: string; versionId?: string; versionStage?: string },
): Promise<UpstreamResult> {
  try {
    const v = await client.call('GetSecretValue', {
      SecretId: q.secretId,
      VersionId: q.versionId,
      VersionStage: q.versionStage,
    });
    return { status: 200, body: JSON.stringify(v) };
  } catch (e) {
    if (e instanceof AwsError)
      return { status: e.status, body: JSON.stringify({ __type: e.code, message: e.message }) };
    return { status: 502, body: JSON.stringify({ __type: 'ConnectionError', message: 'Read Error' }) };
  }
}
