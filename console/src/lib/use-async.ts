import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';

export type Async<T> = { data?: T; error?: ApiError; loading: boolean; reload(): void };

export const asApiError = (e: unknown): ApiError =>
  e instanceof ApiError ? e : new ApiError('InternalServiceError', e instanceof Error ? e.message : String(e), 0);

/** Runs `fn` when `deps` change (and on reload); a later run wins over an earlier, slower one. */
export function useAsync<T>(fn: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  useEffect(() => {
    const mine = ++run.current;
    setState((s) => ({ data: s.data, loading: true }));
    fn().then(
      (data) => mine === run.current && setState({ data, loading: false }),
      (e) => mine === run.current && setState({ error: asApiError(e), loading: false }),
    );
    // Callers pass the inputs of fn as deps (fn itself is a new closure every render).
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** Runs an action, remembering whether it is in flight and how it failed. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const run = useCallback(async <T>(f: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await f();
    } catch (e) {
      setError(asApiError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}
