import { useState } from 'preact/hooks';
import { ApiError, type SessionInfo, signIn } from '../api';
import { ErrorBox } from '../components/status';

/** Sign-in with an access key pair; the server turns it into a session cookie. */
export function SignIn({
  onSignedIn,
  notice,
  dev,
}: {
  onSignedIn(s: SessionInfo): void;
  notice?: string;
  dev?: boolean;
}) {
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  document.title = 'Sign in · Strongroom';

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const s = await signIn(keyId.trim(), secret);
      setSecret('');
      onSignedIn(s);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('NetworkError', String(err), 0));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin" id="main">
      <form class="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <div class="signin-brand">
          <img src="/console/favicon.svg" alt="" width={40} height={40} />
          <h1 id="signin-title">Sign in to Strongroom</h1>
        </div>
        {notice && (
          <div class="alert alert-info" role="status">
            {notice}
          </div>
        )}
        <ErrorBox error={error} title="Sign-in failed" />
        <label class="field">
          <span class="label">Access key ID</span>
          <input
            class="input mono"
            name="accessKeyId"
            autocomplete="username"
            spellcheck={false}
            required
            value={keyId}
            onInput={(e) => setKeyId(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="label">Secret access key</span>
          <input
            class="input mono"
            name="secretAccessKey"
            type="password"
            autocomplete="current-password"
            required
            value={secret}
            onInput={(e) => setSecret(e.currentTarget.value)}
          />
        </label>
        <button class="btn btn-primary btn-block" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <div class="signin-help small">
          {dev ? (
            <p>This server runs in dev mode: any access key ID and secret sign in.</p>
          ) : (
            <>
              <p>
                The administrator&apos;s keys are in <code>data/credentials</code>, written when the server first
                started (<code>aws_access_key_id</code> and <code>aws_secret_access_key</code>).
              </p>
              <p>
                Or run <code>npx strongroom console-login</code> on the server for a one-time sign-in link.
              </p>
            </>
          )}
        </div>
      </form>
    </main>
  );
}
