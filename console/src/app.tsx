import { useEffect, useMemo, useState } from 'preact/hooks';
import {
  ApiError,
  signOut as apiSignOut,
  getSession,
  redeemLink,
  type SessionInfo,
  setRegion as setApiRegion,
  setCsrfToken,
  whenSignedOut,
} from './api';
import { Layout } from './components/layout';
import { ErrorBox, Loading } from './components/status';
import { navigate, useLocation } from './lib/router';
import { SessionContext, type SessionState } from './lib/session';
import { AuditTrail } from './pages/audit-trail';
import { CreateSecret } from './pages/create-secret';
import { NotFound } from './pages/not-found';
import { PasswordGenerator } from './pages/password-generator';
import { SecretDetail } from './pages/secret-detail';
import { SecretsList } from './pages/secrets-list';
import { SignIn } from './pages/sign-in';
import { Users } from './pages/users';

/** The region is a preference, not a secret: it alone is remembered in the browser. */
const REGION_KEY = 'strongroom.console.region';

/** The one-time token of a `strongroom console-login` link, taken out of the address bar at once. */
function takeLinkToken(): string | undefined {
  if (!window.location.pathname.startsWith('/console/login')) return undefined;
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined;
  window.history.replaceState(null, '', '/console/');
  return token;
}

function Screen() {
  const { path, query } = useLocation();
  if (path === '/' || path === '/secrets') return <SecretsList />;
  if (path === '/secrets/new') return <CreateSecret />;
  if (path === '/secret') return <SecretDetail id={query.get('id') ?? ''} tab={query.get('tab') ?? 'overview'} />;
  if (path === '/audit') return <AuditTrail />;
  if (path === '/password') return <PasswordGenerator />;
  if (path === '/users') return <Users />;
  return <NotFound />;
}

export function App() {
  const [session, setSession] = useState<SessionInfo>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<ApiError>();
  const [region, setRegion] = useState(() => localStorage.getItem(REGION_KEY) ?? 'us-east-1');
  setApiRegion(region);

  const accept = (s: SessionInfo) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
  };

  useEffect(() => {
    whenSignedOut(() => {
      setCsrfToken(undefined);
      setNotice('Your session has ended. Sign in again to continue.');
      setSession({ signedIn: false });
    });
    const token = takeLinkToken();
    const start = token ? redeemLink(token) : getSession();
    start.then(accept, (e) => {
      if (token) getSession().then(accept, () => setSession({ signedIn: false }));
      setError(e instanceof ApiError ? e : new ApiError('NetworkError', String(e), 0));
    });
  }, []);

  const state = useMemo<SessionState | undefined>(
    () =>
      session?.signedIn
        ? {
            info: session,
            region,
            setRegion: (r) => {
              localStorage.setItem(REGION_KEY, r);
              setApiRegion(r);
              setRegion(r);
              // A secret lives in one region: from its page, go to the new region's list.
              if (window.location.pathname === '/console/secret') navigate('/secrets');
            },
            signOut: () => {
              apiSignOut().finally(() => {
                setCsrfToken(undefined);
                setNotice('You have signed out.');
                setSession({ signedIn: false, dev: session.dev });
                navigate('/', true);
              });
            },
          }
        : undefined,
    [session, region],
  );

  if (!session) {
    return (
      <main class="signin" id="main">
        {error ? <ErrorBox error={error} /> : <Loading label="Starting the console…" />}
      </main>
    );
  }
  if (!state) {
    return (
      <>
        {error && (
          <div class="signin-error">
            <ErrorBox error={error} />
          </div>
        )}
        <SignIn
          notice={notice}
          dev={session.dev}
          onSignedIn={(s) => {
            setNotice(undefined);
            setError(undefined);
            accept(s);
          }}
        />
      </>
    );
  }
  return (
    <SessionContext.Provider value={state}>
      <Layout>
        {/* A new region is a new set of secrets: screens start over. */}
        <Screen key={region} />
      </Layout>
    </SessionContext.Provider>
  );
}
