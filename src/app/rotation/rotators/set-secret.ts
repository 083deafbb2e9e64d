import type { DbSession } from './db-driver.js';
import { altUsername, type DbSecret } from './db-secret.js';
import { because, RotatorError, RotatorErrors } from './rotator-errors.js';
import { readDbSecret, type StepContext, tryReadDbSecret } from './step-context.js';

/** The database a secret points at: setSecret refuses to act on a different one (confused deputy). */
const sameServer = (a: DbSecret, b: DbSecret) => a.host === b.host && a.port === b.port;

/** Returns true when AWSPENDING already logs in: its password is set, nothing to do. */
async function pendingAlreadySet(c: StepContext, pending: DbSecret): Promise<boolean> {
  const opened = await c.driver.open(pending);
  if (!opened.ok) return false;
  await opened.session.close();
  return true;
}

async function withSession(session: DbSession, f: (s: DbSession) => Promise<void>): Promise<void> {
  try {
    await f(session);
  } finally {
    await session.close();
  }
}

/** AWSPREVIOUS, or undefined when there is none or it is not a usable secret (as the template). */
async function readPrevious(c: StepContext): Promise<DbSecret | undefined> {
  try {
    return await tryReadDbSecret(c, c.event.SecretId, { versionStage: 'AWSPREVIOUS' }, 'AWSPREVIOUS');
  } catch (e) {
    if (e instanceof RotatorError) return undefined;
    throw e;
  }
}

/**
 * Single user (SecretsManagerRDS*RotationSingleUser set_secret): log in as the user with
 * AWSPENDING (already set → done), else AWSCURRENT, else AWSPREVIOUS, and change the user's own
 * password to the pending one.
 */
export async function setSecretSingleUser(c: StepContext): Promise<void> {
  const { SecretId: arn, ClientRequestToken: token } = c.event;
  const previous = await readPrevious(c);
  const current = await readDbSecret(c, arn, { versionStage: 'AWSCURRENT' }, 'AWSCURRENT');
  const pending = await readDbSecret(c, arn, { versionId: token, versionStage: 'AWSPENDING' }, 'AWSPENDING');
  if (await pendingAlreadySet(c, pending)) return;

  if (current.username !== pending.username) throw RotatorErrors.otherUser(pending.username, current.username);
  if (!sameServer(current, pending)) throw RotatorErrors.otherHost(pending.host, current.host);

  let opened = await c.driver.open(current);
  if (!opened.ok && previous) {
    // The previous secret is tried with the current secret's TLS settings (as the template).
    opened = await c.driver.open({ ...previous, tls: current.tls });
    if (previous.username !== pending.username)
      throw RotatorErrors.otherPreviousUser(pending.username, previous.username);
    if (!sameServer(previous, pending)) throw RotatorErrors.otherPreviousHost(pending.host, previous.host);
  }
  if (!opened.ok) throw RotatorErrors.noLoginAny(arn, because(opened.reason));
  const password = pending.password.reveal();
  await withSession(opened.session, (s) => s.setOwnPassword(pending.username, password));
}

/**
 * Alternating users (SecretsManagerRDS*RotationMultiUser set_secret): if AWSPENDING does not log
 * in yet, check that it names the other user of the pair on the same server, that AWSCURRENT
 * still logs in, then log in with the master secret named by `masterarn` and create/update the
 * pending user with the current user's rights and the new password.
 */
export async function setSecretAlternating(c: StepContext): Promise<void> {
  const { SecretId: arn, ClientRequestToken: token } = c.event;
  const current = await readDbSecret(c, arn, { versionStage: 'AWSCURRENT' }, 'AWSCURRENT');
  const pending = await readDbSecret(c, arn, { versionId: token, versionStage: 'AWSPENDING' }, 'AWSPENDING');
  if (await pendingAlreadySet(c, pending)) return;

  if (altUsername(current.username, c.driver.usernameLimit) !== pending.username)
    throw RotatorErrors.otherUserOrClone(pending.username, current.username);
  if (!sameServer(current, pending)) throw RotatorErrors.otherHost(pending.host, current.host);

  const check = await c.driver.open(current);
  if (!check.ok) throw RotatorErrors.noLoginCurrent(arn, because(check.reason));
  await check.session.close();

  if (!current.masterarn) throw RotatorErrors.missingKey('masterarn');
  const master = await readDbSecret(c, current.masterarn, { versionStage: 'AWSCURRENT' }, 'master');
  if (master.host !== current.host) throw RotatorErrors.notMasterHost(current.host, master.host);
  // Changing the master's own password from here would lock the rotation out of the database.
  if (pending.username === master.username) throw RotatorErrors.wouldModifyMaster(pending.username);

  // The master logs into the user's database (the template copies dbname from the user's secret).
  const opened = await c.driver.open({ ...master, dbname: current.dbname });
  if (!opened.ok) throw RotatorErrors.noLoginMaster(current.masterarn, because(opened.reason));
  const password = pending.password.reveal();
  await withSession(opened.session, (s) => s.setUserPasswordLike(current.username, pending.username, password));
}
