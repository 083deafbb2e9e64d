import { useState } from 'preact/hooks';
import { call } from '../../api';
import { ErrorBox, Loading, Notice, Unavailable } from '../../components/status';
import { useCan } from '../../lib/session';
import { useAction, useAsync } from '../../lib/use-async';
import type { TabProps } from '../secret-detail';

type Finding = { CheckName: string; ErrorMessage: string };

const template = (account: string) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );

const pretty = (text: string) => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

/** The resource policy: edit, check with ValidateResourcePolicy (findings inline), save with BlockPublicPolicy, delete. */
export function PolicyTab({ secret: s }: TabProps) {
  const can = useCan();
  const current = useAsync(() => call<{ ResourcePolicy?: string }>('GetResourcePolicy', { SecretId: s.ARN }), [s.ARN]);
  const [draft, setDraft] = useState<string>();
  const [block, setBlock] = useState(true);
  const [findings, setFindings] = useState<{ passed: boolean; list: Finding[] }>();
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  if (!can('GetResourcePolicy')) return <Unavailable what="Resource policies" />;

  const stored = current.data?.ResourcePolicy;
  const text = draft ?? (stored ? pretty(stored) : '');
  const account = s.ARN.split(':')[4] ?? '';
  const edit = (v: string) => {
    setDraft(v);
    setFindings(undefined);
  };

  const validate = () =>
    action.run(async () => {
      setNotice(undefined);
      const r = await call<{ PolicyValidationPassed: boolean; ValidationErrors?: Finding[] }>(
        'ValidateResourcePolicy',
        {
          SecretId: s.ARN,
          ResourcePolicy: text,
        },
      );
      setFindings({ passed: r.PolicyValidationPassed, list: r.ValidationErrors ?? [] });
    });
  const save = () =>
    action.run(async () => {
      await call('PutResourcePolicy', { SecretId: s.ARN, ResourcePolicy: text, BlockPublicPolicy: block });
      setDraft(undefined);
      setNotice('The resource policy is saved.');
      current.reload();
    });
  const remove = () =>
    action.run(async () => {
      await call('DeleteResourcePolicy', { SecretId: s.ARN });
      setDraft(undefined);
      setFindings(undefined);
      setNotice('The resource policy is deleted.');
      current.reload();
    });

  return (
    <div class="card">
      <div class="card-head">
        <h2 class="card-title">Resource policy</h2>
        <div class="button-row">
          <button type="button" class="btn btn-small" onClick={() => edit(template(account))}>
            Start from a template
          </button>
        </div>
      </div>
      <p class="muted small">
        Who else may use this secret. Leave it empty for none: access then comes from identity policies only.
      </p>
      {current.loading && !current.data && <Loading label="Loading the policy…" />}
      <ErrorBox error={current.error} title="Could not read the policy" />
      <label class="field">
        <span class="label">Policy document (JSON)</span>
        <textarea
          class="input textarea mono"
          rows={10}
          spellcheck={false}
          value={text}
          placeholder="No resource policy"
          onInput={(e) => edit(e.currentTarget.value)}
        />
      </label>
      {findings && (
        <div class={findings.passed ? 'alert alert-success' : 'alert alert-warning'} role="status" aria-live="polite">
          <p class="alert-title">{findings.passed ? 'Validation passed: no findings.' : 'Validation findings'}</p>
          {findings.list.length > 0 && (
            <ul class="findings">
              {findings.list.map((f) => (
                <li key={f.CheckName + f.ErrorMessage}>
                  <code>{f.CheckName}</code> {f.ErrorMessage}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <Notice message={notice} />
      <ErrorBox error={action.error} />
      <label class="check">
        <input type="checkbox" checked={block} onChange={(e) => setBlock(e.currentTarget.checked)} />
        Block public policy (refuse a policy that gives access to anyone)
      </label>
      <div class="button-row">
        {can('ValidateResourcePolicy') && (
          <button type="button" class="btn" onClick={validate} disabled={action.busy || text.trim() === ''}>
            Validate
          </button>
        )}
        {can('PutResourcePolicy') && (
          <button type="button" class="btn btn-primary" onClick={save} disabled={action.busy || text.trim() === ''}>
            Save policy
          </button>
        )}
        {can('DeleteResourcePolicy') && stored && (
          <button type="button" class="btn btn-danger" onClick={remove} disabled={action.busy}>
            Delete policy
          </button>
        )}
      </div>
    </div>
  );
}
