/**
 * The messages of the built-in database rotators, worded as AWS's rotation templates word their
 * ValueError/KeyError messages (SecretsManagerRDS{PostgreSQL,MySQL}Rotation{SingleUser,MultiUser}).
 * They reach the rotation engine as the failure reason of a step, so none of them may carry a
 * password: they name keys, users, hosts and ARNs only.
 */
export class RotatorError extends Error {
  override readonly name = 'RotatorError';
}

const fail = (message: string) => new RotatorError(message);

export const RotatorErrors = {
  // --- the secret's JSON (§10)
  notJsonObject: (what: string) => fail(`The ${what} secret value is not a JSON object`),
  noSecretString: (what: string) => fail(`The ${what} secret has no SecretString`),
  missingKey: (key: string) => fail(`${key} key is missing from secret JSON`),
  notAString: (key: string) => fail(`${key} key in secret JSON must be a non-empty string`),
  badPort: () => fail('port key in secret JSON must be an integer from 1 to 65535'),
  wrongEngine: (engine: string) =>
    fail(`Database engine must be set to '${engine}' in order to use this rotation function`),
  usernameTooLong: (max: number, unit: string) =>
    fail(`Unable to clone user, username length with _clone appended would exceed ${max} ${unit}`),

  // --- the pre-check every template runs before a step
  notPending: (token: string, arn: string) =>
    fail(`Secret version ${token} not set as AWSPENDING for rotation of secret ${arn}.`),
  invalidStep: (step: string, arn: string) => fail(`Invalid step parameter ${step} for secret ${arn}`),

  // --- confused-deputy guards of setSecret
  otherUser: (pending: string, current: string) =>
    fail(`Attempting to modify user ${pending} other than current user ${current}`),
  otherUserOrClone: (pending: string, current: string) =>
    fail(`Attempting to modify user ${pending} other than current user or clone ${current}`),
  otherPreviousUser: (pending: string, previous: string) =>
    fail(`Attempting to modify user ${pending} other than previous valid user ${previous}`),
  otherHost: (pending: string, current: string) =>
    fail(`Attempting to modify user for host ${pending} other than current host ${current}`),
  otherPreviousHost: (pending: string, previous: string) =>
    fail(`Attempting to modify user for host ${pending} other than previous valid host ${previous}`),
  notMasterHost: (current: string, master: string) =>
    fail(`Current database host ${current} is not the same host as master ${master}`),
  wouldModifyMaster: (user: string) => fail(`Refusing to modify user ${user}: it is the user of the master secret`),

  // --- logins
  noLoginAny: (arn: string, why: string) =>
    fail(`Unable to log into database with previous, current, or pending secret of secret arn ${arn}${why}`),
  noLoginCurrent: (arn: string, why: string) =>
    fail(`Unable to log into database using current credentials for secret ${arn}${why}`),
  noLoginMaster: (arn: string, why: string) =>
    fail(`Unable to log into database using credentials in master secret ${arn}${why}`),
  noLoginPending: (arn: string, why: string) =>
    fail(`Unable to log into database with pending secret of secret ARN ${arn}${why}`),

  // --- MySQL grant copying
  userNotFound: (user: string) => fail(`User ${user} does not exist in the database`),
  unknownGrantFormat: (user: string) =>
    fail(`Unable to copy the grants of user ${user}: SHOW GRANTS returned a statement in an unknown format`),
} as const;

/** ": <reason>" for a login failure, or nothing when the driver gave none. */
export const because = (reason: string | undefined): string => (reason ? `: ${reason}` : '');
