import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { ConsoleClient } from './console-client.js';

/**
 * The encryption key fields suggest the KMS aliases of the region (ListAliases through the KMS
 * route's own dispatcher and error envelope). Like test/kms/kms-api.test.ts, SQLite only for now.
 */
let srv: RunningServer;
let admin: ConsoleClient;

beforeAll(async () => {
  srv = await startServer();
  admin = new ConsoleClient(srv.endpoint);
  await admin.signIn(srv.credentials!);
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

describe('KMS key pickers', () => {
  it('lists the aliases of the region asked for', async () => {
    const session = await admin.request('GET', 'session');
    expect((session.json.operations as Record<string, string[]>).kms).toEqual(['ListAliases']);
    const here = await admin.call('ListAliases', { Limit: 100 }, 'kms');
    expect(here.status).toBe(200);
    expect(Array.isArray(here.json.Aliases)).toBe(true);
    expect((await admin.call('ListAliases', { Limit: 100 }, 'kms', 'eu-west-1')).status).toBe(200);
  });

  it("answers KMS's validation errors", async () => {
    const bad = await admin.call('ListAliases', { Limit: 0 }, 'kms');
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('ValidationException');
    expect(bad.json.message).toMatch(/Limit/i);
  });

  it('offers no other KMS operation', async () => {
    expect((await admin.call('CreateKey', {}, 'kms')).json.code).toBe('OperationNotOffered');
  });
});
