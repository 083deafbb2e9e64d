import type { Keyring } from '../../crypto/keyring.js';
import type { Ids } from '../../lib/ids.js';
import type { Store } from '../../storage/ports.js';
import type { Authorize } from '../authorize.js';
import type { EventSink } from '../events.js';

/** What the secrets use cases need; each use case takes this whole (they share every part). */
export type SecretsDeps = {
  store: Store;
  keyring: Keyring;
  authorize: Authorize;
  ids: Ids;
  /** Server setting: versions per secret before the purge of deprecated ones kicks in. */
  maxVersions?: number;
  /** Service events (e.g. CancelSecretVersionDelete on restore); none when absent. */
  events?: EventSink;
};
