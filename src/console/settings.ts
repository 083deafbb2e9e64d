import { parseInterval } from '../config/config.js';

/** Console settings from the environment (documented in docs/console.md). */
export type ConsoleSettings = {
  /** STRONGROOM_CONSOLE=off serves no console at all. */
  enabled: boolean;
  /** A session unused for this long ends (STRONGROOM_CONSOLE_IDLE_TIMEOUT, default 15m). */
  idleMs: number;
  /** A session ends this long after sign-in whatever its use (STRONGROOM_CONSOLE_SESSION_MAX, default 8h). */
  absoluteMs: number;
};

export function consoleSettings(env: NodeJS.ProcessEnv): ConsoleSettings {
  const enabled = !['off', 'false', '0'].includes((env.STRONGROOM_CONSOLE ?? '').toLowerCase());
  const idle = env.STRONGROOM_CONSOLE_IDLE_TIMEOUT;
  const max = env.STRONGROOM_CONSOLE_SESSION_MAX;
  const idleMs = idle ? parseInterval('STRONGROOM_CONSOLE_IDLE_TIMEOUT', idle) : 15 * 60_000;
  const absoluteMs = max ? parseInterval('STRONGROOM_CONSOLE_SESSION_MAX', max) : 8 * 3_600_000;
  if (idleMs > absoluteMs)
    throw new Error('STRONGROOM_CONSOLE_IDLE_TIMEOUT must not exceed STRONGROOM_CONSOLE_SESSION_MAX');
  return { enabled, idleMs, absoluteMs };
}
