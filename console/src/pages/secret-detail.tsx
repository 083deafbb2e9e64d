import { call } from '../api';
import { PageTitle } from '../components/layout';
import { SecretBadges } from '../components/secret-badges';
import { ErrorBox, Loading } from '../components/status';
import { type Tab, Tabs } from '../components/tabs';
import { Link, navigate, pathWith } from '../lib/router';
import type { SecretMeta } from '../lib/secret-types';
import { useCan, useSession } from '../lib/session';
import { useAsync } from '../lib/use-async';
import { DeleteControls } from './secret/delete-controls';
import { Overview } from './secret/overview';
import { PolicyTab } from './secret/policy';
import { ReplicationTab } from './secret/replication';
import { RotationTab } from './secret/rotation';
import { TagsTab } from './secret/tags';
import { ValueTab } from './secret/value';
import { VersionsTab } from './secret/versions';

export type TabProps = { secret: SecretMeta; reload(): void };

/** One secret: DescribeSecret, then a tab per concern. The tab is in the address (back works). */
export function SecretDetail({ id, tab }: { id: string; tab: string }) {
  const { region } = useSession();
  const can = useCan();
  const d = useAsync(() => call<SecretMeta>('DescribeSecret', { SecretId: id }), [id]);
  const s = d.data;
  const tabs: Tab[] = [
    { id: 'overview', label: 'Overview' },
    { id: 'value', label: 'Secret value' },
    { id: 'versions', label: 'Versions' },
    { id: 'rotation', label: 'Rotation' },
    { id: 'policy', label: 'Resource policy' },
    { id: 'replication', label: 'Replication' },
    { id: 'tags', label: 'Tags' },
  ];
  const selected = tabs.some((t) => t.id === tab) ? tab : 'overview';
  const select = (t: string) => navigate(pathWith('/secret', { id, tab: t === 'overview' ? undefined : t }), true);

  if (!id) return <ErrorBox error={undefined} />;
  return (
    <section>
      <p class="breadcrumb">
        <Link to="/secrets">Secrets</Link> <span aria-hidden="true">/</span>
      </p>
      {d.loading && !s && <Loading label="Loading the secret…" />}
      <ErrorBox error={d.error} title="Could not load the secret" />
      {s && (
        <>
          <PageTitle title={s.Name}>
            <button type="button" class="btn" onClick={d.reload} disabled={d.loading}>
              Refresh
            </button>
            <DeleteControls
              secret={s}
              reload={d.reload}
              canDelete={can('DeleteSecret')}
              canRestore={can('RestoreSecret')}
            />
          </PageTitle>
          <SecretBadges s={s} region={region} />
          {s.DeletedDate !== undefined && (
            <div class="alert alert-warning" role="note">
              This secret is scheduled for deletion. It cannot be read or changed until you cancel the deletion.
            </div>
          )}
          <Tabs tabs={tabs} selected={selected} onSelect={select} label="Secret details">
            {selected === 'overview' && <Overview secret={s} reload={d.reload} />}
            {selected === 'value' && <ValueTab secret={s} reload={d.reload} />}
            {selected === 'versions' && <VersionsTab secret={s} reload={d.reload} />}
            {selected === 'rotation' && <RotationTab secret={s} reload={d.reload} />}
            {selected === 'policy' && <PolicyTab secret={s} reload={d.reload} />}
            {selected === 'replication' && <ReplicationTab secret={s} reload={d.reload} />}
            {selected === 'tags' && <TagsTab secret={s} reload={d.reload} />}
          </Tabs>
        </>
      )}
    </section>
  );
}
