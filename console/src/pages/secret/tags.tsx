import { useState } from 'preact/hooks';
import { call } from '../../api';
import { ErrorBox, Notice } from '../../components/status';
import { type Tag, TagsEditor, tagsProblem } from '../../components/tags-editor';
import { useCan } from '../../lib/session';
import { useAction } from '../../lib/use-async';
import type { TabProps } from '../secret-detail';

/** Tags: edited as a whole, saved as UntagResource (removed keys) then TagResource (the rest). */
export function TagsTab({ secret: s, reload }: TabProps) {
  const can = useCan();
  const [tags, setTags] = useState<Tag[]>(s.Tags ?? []);
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  const problem = tagsProblem(tags);
  const editable = can('TagResource') && can('UntagResource');

  const save = () =>
    action.run(async () => {
      const keep = new Set(tags.map((t) => t.Key));
      const removed = (s.Tags ?? []).map((t) => t.Key).filter((k) => !keep.has(k));
      if (removed.length) await call('UntagResource', { SecretId: s.ARN, TagKeys: removed });
      if (tags.length) await call('TagResource', { SecretId: s.ARN, Tags: tags });
      setNotice('Tags saved.');
      reload();
    });

  return (
    <div class="card">
      <h2 class="card-title">Tags</h2>
      {editable ? <TagsEditor tags={tags} onChange={setTags} /> : <p class="muted">Tags cannot be changed here.</p>}
      <Notice message={notice} />
      <ErrorBox error={action.error} />
      {editable && (
        <button type="button" class="btn btn-primary" disabled={action.busy || problem !== undefined} onClick={save}>
          Save tags
        </button>
      )}
    </div>
  );
}
