import type { RotationEventName } from '../../domain/rotation.js';
import type { RotationDeps } from './deps.js';

/** Emits a rotation event; a failing sink is logged, never allowed to break the rotation. */
export async function emitRotationEvent(
  d: Pick<RotationDeps, 'events' | 'log' | 'clock'>,
  eventName: RotationEventName,
  secretArn: string,
  token: string,
  message?: string,
): Promise<void> {
  try {
    await d.events.emit({ eventName, secretArn, token, message, at: d.clock.now() });
  } catch (e) {
    d.log.error('rotation event not delivered', { eventName, secretArn, error: String(e) });
  }
}
