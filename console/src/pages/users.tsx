import { useState } from 'preact/hooks';
import { call } from '../api';
import { PageTitle } from '../components/layout';
import { Empty, ErrorBox, Loading, Notice, Unavailable } from '../components/status';
import { formatDate, fromMillis } from '../lib/format';
import { useCan } from '../lib/session';
import { useAction, useAsync } from '../lib/use-async';
import { UserKeys } from './users/user-keys';
import { UserPolicies } from './users/user-policies';

type User = { UserName: string; Arn: string; CreateDate: number; Path?: string };

/** IAM users of this account: create and delete them, their access keys and inline policies. */
export function Users() {
  const can = useCan();
  const available = can('ListUsers', 'iam');
  const users = useAsync(
    () =>
      available
        ? call<{ Users: User[] }>('ListUsers', { MaxItems: 1000 }, { service: 'iam' })
        : Promise.resolve({ Users: [] }),
    [],
  );
  const [selected, setSelected] = useState<string>();
  const [name, setName] = useState('');
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  if (!available) return <Unavailable what="Users and access keys" />;

  const create = (e: Event) => {
    e.preventDefault();
    action.run(async () => {
      await call('CreateUser', { UserName: name.trim() }, { service: 'iam' });
      setNotice(`User ${name.trim()} created. Give it a policy and an access key below.`);
      setSelected(name.trim());
      setName('');
      users.reload();
    });
  };
  const remove = (user: string) =>
    action.run(async () => {
      await call('DeleteUser', { UserName: user }, { service: 'iam' });
      setNotice(`User ${user} deleted.`);
      setSelected(undefined);
      users.reload();
    });

  const list = users.data?.Users ?? [];
  return (
    <section>
      <PageTitle title="Users and access keys" />
      <p class="muted">
        Users sign in and call the API with their own access keys; their inline policies say what they may do.
      </p>
      <ErrorBox error={users.error} title="Could not list users" />
      {users.loading && !users.data && <Loading label="Loading users…" />}
      <div class="split">
        <div class="card">
          <h2 class="card-title">Users</h2>
          {users.data && list.length === 0 && <Empty title="No users yet." />}
          {list.length > 0 && (
            <ul class="select-list" aria-label="Users">
              {list.map((u) => (
                <li key={u.Arn}>
                  <button
                    type="button"
                    class="select-item"
                    aria-pressed={selected === u.UserName}
                    onClick={() => setSelected(u.UserName)}
                  >
                    <span class="strong">{u.UserName}</span>
                    <span class="muted small">created {formatDate(fromMillis(u.CreateDate), false)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {can('CreateUser', 'iam') && (
            <form class="subsection" onSubmit={create}>
              <label class="field">
                <span class="label">New user name</span>
                <input class="input" value={name} maxLength={64} onInput={(e) => setName(e.currentTarget.value)} />
              </label>
              <button type="submit" class="btn btn-primary" disabled={action.busy || name.trim() === ''}>
                Create user
              </button>
            </form>
          )}
          <Notice message={notice} />
          <ErrorBox error={action.error} />
        </div>
        <div class="stack">
          {selected ? (
            <>
              <div class="card-head">
                <h2>{selected}</h2>
                {can('DeleteUser', 'iam') && (
                  <button type="button" class="btn btn-danger" onClick={() => remove(selected)} disabled={action.busy}>
                    Delete user
                  </button>
                )}
              </div>
              <UserKeys key={`keys-${selected}`} user={selected} />
              <UserPolicies key={`policies-${selected}`} user={selected} />
            </>
          ) : (
            <Empty title="Choose a user to see its access keys and policies." />
          )}
        </div>
      </div>
    </section>
  );
}
