import { useState } from 'preact/hooks';
import { call } from '../api';
import { PageTitle } from '../components/layout';
import { SecretBadges } from '../components/secret-badges';
import { Empty, ErrorBox, Loading } from '../components/status';
import { formatDate, fromSeconds } from '../lib/format';
import { Link, navigate, pathWith } from '../lib/router';
import type { SecretMeta } from '../lib/secret-types';
import { useSession } from '../lib/session';
import { useAsync } from '../lib/use-async';

const FILTER_KEYS = [
  ['all', 'All fields'],
  ['name', 'Name'],
  ['description', 'Description'],
  ['tag-key', 'Tag key'],
  ['tag-value', 'Tag value'],
  ['primary-region', 'Primary region'],
  ['owning-service', 'Managed by'],
] as const;

const SORTS = [
  ['created-date', 'Created'],
  ['name', 'Name'],
  ['last-changed-date', 'Last changed'],
  ['last-accessed-date', 'Last retrieved'],
] as const;

/** Without ListSecrets a user can still open the secrets it may read, by name or ARN. */
function OpenByName() {
  const [id, setId] = useState('');
  return (
    <form
      class="toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        if (id.trim()) navigate(pathWith('/secret', { id: id.trim() }));
      }}
    >
      <label class="field-inline grow">
        <span class="muted small">Open a secret by name or ARN</span>
        <input class="input" value={id} onInput={(e) => setId(e.currentTarget.value)} />
      </label>
      <button type="submit" class="btn">
        Open
      </button>
    </form>
  );
}

type Query = { key: string; text: string; sortBy: string; order: 'asc' | 'desc'; size: number; planned: boolean };

/** ListSecrets with its filters, sort, page size, paging and the planned-deletion toggle. */
export function SecretsList() {
  const { region } = useSession();
  const [draft, setDraft] = useState({ key: 'all', text: '' });
  const [q, setQ] = useState<Query>({
    key: 'all',
    text: '',
    sortBy: 'created-date',
    order: 'desc',
    size: 25,
    planned: false,
  });
  // Tokens of the pages before this one: "Previous" pops, "Next" pushes.
  const [pages, setPages] = useState<(string | undefined)[]>([undefined]);
  const token = pages[pages.length - 1];
  const list = useAsync(
    () =>
      call<{ SecretList: SecretMeta[]; NextToken?: string }>('ListSecrets', {
        MaxResults: q.size,
        NextToken: token,
        SortBy: q.sortBy,
        SortOrder: q.order,
        IncludePlannedDeletion: q.planned || undefined,
        Filters: q.text.trim() ? [{ Key: q.key, Values: [q.text.trim()] }] : undefined,
      }),
    [q, token],
  );
  const change = (patch: Partial<Query>) => {
    setQ({ ...q, ...patch });
    setPages([undefined]);
  };
  const secrets = list.data?.SecretList ?? [];

  return (
    <section aria-labelledby="page-title">
      <PageTitle title="Secrets">
        <button type="button" class="btn" onClick={list.reload} disabled={list.loading}>
          Refresh
        </button>
        <button type="button" class="btn btn-primary" onClick={() => navigate('/secrets/new')}>
          Store a new secret
        </button>
      </PageTitle>
      <form
        class="toolbar"
        aria-label="Search secrets"
        onSubmit={(e) => {
          e.preventDefault();
          change(draft);
        }}
      >
        <label class="field-inline">
          <span class="sr-only">Search in</span>
          <select
            class="input"
            aria-label="Search in"
            value={draft.key}
            onChange={(e) => setDraft({ ...draft, key: e.currentTarget.value })}
          >
            {FILTER_KEYS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="field-inline grow">
          <span class="sr-only">Search secrets</span>
          <input
            class="input"
            type="search"
            placeholder="Search secrets (prefix with ! to exclude)"
            value={draft.text}
            onInput={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
          />
        </label>
        <button class="btn" type="submit">
          Search
        </button>
        <label class="field-inline">
          <span class="muted small">Sort by</span>
          <select
            class="input"
            aria-label="Sort by"
            value={q.sortBy}
            onChange={(e) => change({ sortBy: e.currentTarget.value })}
          >
            {SORTS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="field-inline">
          <span class="sr-only">Sort order</span>
          <select
            class="input"
            aria-label="Sort order"
            value={q.order}
            onChange={(e) => change({ order: e.currentTarget.value as 'asc' | 'desc' })}
          >
            <option value="desc">Descending</option>
            <option value="asc">Ascending</option>
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={q.planned} onChange={(e) => change({ planned: e.currentTarget.checked })} />
          Show secrets scheduled for deletion
        </label>
      </form>

      <ErrorBox error={list.error} title="Could not list secrets" />
      {list.error?.code === 'AccessDeniedException' && <OpenByName />}
      {list.loading && !list.data && <Loading label="Loading secrets…" />}
      {list.data && secrets.length === 0 && (
        <Empty title={q.text ? 'No secret matches this search.' : `No secrets in ${region} yet.`}>
          {!q.text && (
            <button type="button" class="btn btn-primary" onClick={() => navigate('/secrets/new')}>
              Store a new secret
            </button>
          )}
        </Empty>
      )}
      {secrets.length > 0 && (
        <div class="table-wrap" aria-busy={list.loading}>
          <table class="table">
            <caption class="sr-only">Secrets in {region}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Description</th>
                <th scope="col">Status</th>
                <th scope="col">Last retrieved</th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody>
              {secrets.map((s) => (
                <tr key={s.ARN}>
                  <td class="name-cell">
                    <Link to={pathWith('/secret', { id: s.ARN })} class="strong">
                      {s.Name}
                    </Link>
                  </td>
                  <td class="muted">{s.Description ?? ''}</td>
                  <td>
                    <SecretBadges s={s} region={region} />
                  </td>
                  <td>{formatDate(fromSeconds(s.LastAccessedDate), false)}</td>
                  <td>{formatDate(fromSeconds(s.LastChangedDate))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && secrets.length > 0 && (
        <nav class="pager" aria-label="Pages">
          <button type="button" class="btn" disabled={pages.length <= 1} onClick={() => setPages(pages.slice(0, -1))}>
            Previous page
          </button>
          <span class="muted">Page {pages.length}</span>
          <button
            type="button"
            class="btn"
            disabled={!list.data.NextToken}
            onClick={() => setPages([...pages, list.data?.NextToken])}
          >
            Next page
          </button>
          <label class="field-inline">
            <span class="muted small">Per page</span>
            <select
              class="input"
              aria-label="Per page"
              value={q.size}
              onChange={(e) => change({ size: Number(e.currentTarget.value) })}
            >
              {[10, 25, 50, 100].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </nav>
      )}
    </section>
  );
}
