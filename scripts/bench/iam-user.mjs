// An IAM user with an identity policy, made through the server's own IAM query API, so that the
// bench can read as that user: every request then goes through full policy evaluation (the
// account root is allowed without it), which is what "evaluation adds no measurable cost" is about.

/** A realistic policy: an Allow on a name prefix with a condition, and a Deny that must be checked. */
const policyFor = (accountId) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: `arn:aws:secretsmanager:us-east-1:${accountId}:secret:bench/*`,
        Condition: { Bool: { 'aws:SecureTransport': ['true', 'false'] } },
      },
      {
        Effect: 'Deny',
        Action: 'secretsmanager:*',
        Resource: `arn:aws:secretsmanager:*:${accountId}:secret:prod/*`,
      },
      { Effect: 'Deny', NotAction: 'secretsmanager:*', Resource: '*' },
    ],
  });

async function iam(port, sign, creds, action, params) {
  const body = new URLSearchParams({ Action: action, Version: '2010-05-08', ...params }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  Object.assign(
    headers,
    sign({
      method: 'POST',
      url: `http://127.0.0.1:${port}/`,
      headers,
      body,
      ...creds,
      region: 'us-east-1',
      service: 'iam',
      now: Date.now(),
    }),
  );
  const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`iam ${action}: ${res.status} ${text}`);
  return text;
}

/** Creates `bench-reader` with the policy and returns its access key. */
export async function createPolicyUser({ port, sign, rootCreds, accountId }) {
  const UserName = 'bench-reader';
  await iam(port, sign, rootCreds, 'CreateUser', { UserName });
  await iam(port, sign, rootCreds, 'PutUserPolicy', {
    UserName,
    PolicyName: 'read-bench',
    PolicyDocument: policyFor(accountId),
  });
  const xml = await iam(port, sign, rootCreds, 'CreateAccessKey', { UserName });
  const accessKeyId = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1];
  const secretAccessKey = /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(xml)?.[1];
  if (!accessKeyId || !secretAccessKey) throw new Error('CreateAccessKey returned no key');
  return { accessKeyId, secretAccessKey };
}
