import { useState } from 'preact/hooks';
import { call } from '../api';
import { CopyButton } from '../components/copy-button';
import { PageTitle } from '../components/layout';
import { ErrorBox, Unavailable } from '../components/status';
import { useCan } from '../lib/session';
import { useAction } from '../lib/use-async';

const FLAGS = [
  ['ExcludeUppercase', 'Exclude uppercase letters'],
  ['ExcludeLowercase', 'Exclude lowercase letters'],
  ['ExcludeNumbers', 'Exclude numbers'],
  ['ExcludePunctuation', 'Exclude punctuation'],
  ['IncludeSpace', 'Include the space character'],
  ['RequireEachIncludedType', 'Require at least one of each included type'],
] as const;

type Flag = (typeof FLAGS)[number][0];

/** GetRandomPassword with every option; the password lives only on this page until you leave it. */
export function PasswordGenerator() {
  const can = useCan();
  const [length, setLength] = useState(32);
  const [exclude, setExclude] = useState('');
  const [flags, setFlags] = useState<Record<Flag, boolean>>({
    ExcludeUppercase: false,
    ExcludeLowercase: false,
    ExcludeNumbers: false,
    ExcludePunctuation: false,
    IncludeSpace: false,
    RequireEachIncludedType: true,
  });
  const [password, setPassword] = useState<string>();
  const action = useAction();
  if (!can('GetRandomPassword')) return <Unavailable what="The password generator" />;

  const generate = (e: Event) => {
    e.preventDefault();
    action.run(async () => {
      const r = await call<{ RandomPassword: string }>('GetRandomPassword', {
        PasswordLength: length,
        ...(exclude && { ExcludeCharacters: exclude }),
        ...flags,
      });
      setPassword(r.RandomPassword);
    });
  };

  return (
    <section>
      <PageTitle title="Password generator" />
      <form class="card stack" onSubmit={generate}>
        <div class="form-grid">
          <label class="field">
            <span class="label">Length</span>
            <input
              class="input"
              type="number"
              min={1}
              max={4096}
              value={length}
              onInput={(e) => setLength(Number(e.currentTarget.value))}
            />
          </label>
          <label class="field">
            <span class="label">Characters to exclude</span>
            <input class="input mono" value={exclude} onInput={(e) => setExclude(e.currentTarget.value)} />
          </label>
        </div>
        <fieldset class="fieldset">
          <legend>Characters</legend>
          {FLAGS.map(([k, label]) => (
            <label class="check" key={k}>
              <input
                type="checkbox"
                checked={flags[k]}
                onChange={(e) => setFlags({ ...flags, [k]: e.currentTarget.checked })}
              />
              {label}
            </label>
          ))}
        </fieldset>
        <ErrorBox error={action.error} />
        <div class="button-row">
          <button type="submit" class="btn btn-primary" disabled={action.busy}>
            Generate password
          </button>
        </div>
        {password !== undefined && (
          <div class="generated" aria-live="polite">
            <span class="label">Generated password</span>
            <output class="mono secret-text wrap" aria-label="Generated password">
              {password}
            </output>
            <CopyButton text={password} label="Copy password" />
          </div>
        )}
      </form>
    </section>
  );
}
