import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Service, SessionInfo } from '../api';

export type SessionState = {
  info: SessionInfo;
  region: string;
  setRegion(r: string): void;
  signOut(): void;
};

export const SessionContext = createContext<SessionState | undefined>(undefined);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

/** Whether this server offers an operation (services still being built show as unavailable). */
export function useCan(): (op: string, service?: Service) => boolean {
  const { info } = useSession();
  return (op, service = 'secretsmanager') => info.operations?.[service]?.includes(op) ?? false;
}
