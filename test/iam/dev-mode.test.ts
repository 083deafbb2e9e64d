import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { awsError, type RunningServer, startServer } from '../helpers/server.js';
import { type Creds, policy, query, secrets, userWithPolicy, xmlText } from './helpers.js';

/**
 * Dev mode accepts any credentials as an account root, but a key it issued itself
 * (CreateAccessKey) still speaks for its user, so policies can be tried out locally.
 */
let srv: RunningServer;
const dev: Creds = { accessKeyId: '123456789012', secretAccessKey: 'anything' };

beforeAll(async () => {
  srv = await startServer({ mode: 'dev' });
});
afterAll(async () => {
  await srv.stop();
});

it('issued keys are their users in dev mode; any other key is a root', async () => {
  const id = await query(srv.endpoint, dev, 'sts', 'GetCallerIdentity');
  expect(xmlText(id.text, 'Arn')).toBe('arn:aws:iam::123456789012:root');
  await secrets(srv.endpoint, dev).send(new CreateSecretCommand({ Name: 'app/db', SecretString: 'v' }));
  await secrets(srv.endpoint, dev).send(new CreateSecretCommand({ Name: 'ops/db', SecretString: 'w' }));
  const app = await userWithPolicy(
    srv.endpoint,
    dev,
    'app',
    policy({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: 'arn:aws:secretsmanager:*:*:secret:app/*',
    }),
  );
  const client = secrets(srv.endpoint, app);
  expect((await client.send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).toBe('v');
  expect((await awsError(client.send(new GetSecretValueCommand({ SecretId: 'ops/db' })))).name).toBe(
    'AccessDeniedException',
  );
});
