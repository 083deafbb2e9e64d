import { useState } from 'preact/hooks';
import { call } from '../../api';
import { ErrorBox, Loading, Notice } from '../../components/status';
import { useCan, useSession } from '../../lib/session';
import { useAction, useAsync } from '../../lib/use-async';

const template = (account: string) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' },
        {
          Effect: 'Allow',
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: `arn:aws:secretsmanager:*:${account}:secret:team-a/*`,
        },
      ],
    },
    null,
    2,
  );

/** A user's inline policies (Put/Get/List/DeleteUserPolicy). */
export function UserPolicies({ user }: { user: string }) {
  const can = useCan();
  const { info } = useSession();
  const names = useAsync(
    () => call<{ PolicyNames: string[] }>('ListUserPolicies', { UserName: user }, { service: 'iam' }),
    [user],
  );
  const [policyName, setPolicyName] = useState('');
  const [doc, setDoc] = useState('');
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  const iam = (op: string, input: Record<string, unknown>) =>
    call(op, { UserName: user, ...input }, { service: 'iam' });

  const open = (name: string) =>
    action.run(async () => {
      const r = (await iam('GetUserPolicy', { PolicyName: name })) as { PolicyDocument: string };
      setPolicyName(name);
      // IAM returns policy documents URL-encoded.
      setDoc(JSON.stringify(JSON.parse(decodeURIComponent(r.PolicyDocument)), null, 2));
      setNotice(undefined);
    });
  const save = (e: Event) => {
    e.preventDefault();
    action.run(async () => {
      await iam('PutUserPolicy', { PolicyName: policyName.trim(), PolicyDocument: doc });
      setNotice(`Policy ${policyName.trim()} saved.`);
      names.reload();
    });
  };
  const remove = (name: string) =>
    action.run(async () => {
      await iam('DeleteUserPolicy', { PolicyName: name });
      setNotice(`Policy ${name} deleted.`);
      if (name === policyName) {
        setPolicyName('');
        setDoc('');
      }
      names.reload();
    });

  const list = names.data?.PolicyNames ?? [];
  return (
    <div class="card">
      <h3 class="card-title">Inline policies</h3>
      <ErrorBox error={names.error} />
      {names.loading && !names.data && <Loading />}
      {names.data && list.length === 0 && <p class="muted">No policies: this user may do nothing yet.</p>}
      {list.length > 0 && (
        <ul class="chip-list" aria-label="Policies">
          {list.map((n) => (
            <li key={n} class="chip">
              <button type="button" class="btn btn-small" onClick={() => open(n)}>
                {n}
              </button>
              {can('DeleteUserPolicy', 'iam') && (
                <button
                  type="button"
                  class="btn btn-small btn-danger"
                  aria-label={`Delete policy ${n}`}
                  onClick={() => remove(n)}
                >
                  Delete
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {can('PutUserPolicy', 'iam') && (
        <form class="subsection" onSubmit={save}>
          <div class="card-head">
            <h4>Add or replace a policy</h4>
            <button
              type="button"
              class="btn btn-small"
              onClick={() => {
                setDoc(template(info.principal?.accountId ?? ''));
                if (!policyName) setPolicyName('secrets-access');
              }}
            >
              Start from a template
            </button>
          </div>
          <label class="field">
            <span class="label">Policy name</span>
            <input
              class="input"
              value={policyName}
              maxLength={128}
              onInput={(e) => setPolicyName(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span class="label">Policy document (JSON)</span>
            <textarea
              class="input textarea mono"
              rows={12}
              spellcheck={false}
              value={doc}
              onInput={(e) => setDoc(e.currentTarget.value)}
            />
          </label>
          <Notice message={notice} />
          <ErrorBox error={action.error} />
          <button type="submit" class="btn btn-primary" disabled={action.busy || !policyName.trim() || !doc.trim()}>
            Save policy
          </button>
        </form>
      )}
    </div>
  );
}
