import { useState } from 'preact/hooks';
import { ApiError, call, requestToken } from '../api';
import { KeyOptions } from '../components/key-options';
import { PageTitle } from '../components/layout';
import { defaultRotation, RotationForm, rotateInput } from '../components/rotation-form';
import { ErrorBox } from '../components/status';
import { type Tag, TagsEditor, tagsProblem } from '../components/tags-editor';
import { ValueEditor } from '../components/value-editor';
import { Link, navigate, pathWith } from '../lib/router';
import { useAction } from '../lib/use-async';

const NAME_RE = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** CreateSecret (name, description, value, key, tags), then RotateSecret when rotation is asked for. */
export function CreateSecret() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [value, setValue] = useState<{ text: string; problem?: string }>({ text: '' });
  const [kms, setKms] = useState('');
  const [tags, setTags] = useState<Tag[]>([]);
  const [rotate, setRotate] = useState(false);
  const [rotation, setRotation] = useState(defaultRotation);
  const [created, setCreated] = useState<{ arn: string; rotationError: ApiError }>();
  const action = useAction();

  const nameProblem = name && !NAME_RE.test(name) ? 'Use 1 to 512 letters, digits or / _ + = . @ -' : undefined;
  const empty = value.text === '' || value.text === '{}';
  const problem =
    nameProblem ??
    value.problem ??
    tagsProblem(tags) ??
    (rotate && rotation.functionArn.trim() === '' ? 'Choose a rotation function, or turn rotation off.' : undefined);

  const submit = (e: Event) => {
    e.preventDefault();
    action.run(async () => {
      const r = await call<{ ARN: string }>('CreateSecret', {
        Name: name,
        Description: description || undefined,
        SecretString: value.text,
        KmsKeyId: kms.trim() || undefined,
        Tags: tags.length ? tags : undefined,
        ClientRequestToken: requestToken(),
      });
      if (rotate) {
        try {
          await call('RotateSecret', { SecretId: r.ARN, ClientRequestToken: requestToken(), ...rotateInput(rotation) });
        } catch (err) {
          if (err instanceof ApiError) return setCreated({ arn: r.ARN, rotationError: err });
          throw err;
        }
      }
      navigate(pathWith('/secret', { id: r.ARN }));
    });
  };

  if (created) {
    return (
      <section>
        <PageTitle title="Secret stored" />
        <ErrorBox error={created.rotationError} title="The secret was stored, but rotation could not be set up" />
        <Link to={pathWith('/secret', { id: created.arn, tab: 'rotation' })} class="btn btn-primary">
          Open the secret&apos;s rotation settings
        </Link>
      </section>
    );
  }

  return (
    <section>
      <p class="breadcrumb">
        <Link to="/secrets">Secrets</Link> <span aria-hidden="true">/</span>
      </p>
      <PageTitle title="Store a new secret" />
      <form class="stack" onSubmit={submit}>
        <div class="card">
          <h2 class="card-title">Secret value</h2>
          <ValueEditor id="new-value" initial="" onChange={(text, p) => setValue({ text, problem: p })} />
        </div>
        <div class="card">
          <h2 class="card-title">Name and description</h2>
          <label class="field">
            <span class="label">Secret name</span>
            <input
              class="input"
              required
              value={name}
              placeholder="prod/payments/db"
              aria-invalid={nameProblem !== undefined}
              aria-describedby="name-hint"
              onInput={(e) => setName(e.currentTarget.value)}
            />
            <span id="name-hint" class={nameProblem ? 'field-error' : 'hint'}>
              {nameProblem ?? 'Letters, digits and / _ + = . @ -; a path like team/app/name keeps secrets findable.'}
            </span>
          </label>
          <label class="field">
            <span class="label">Description (optional)</span>
            <textarea
              class="input textarea"
              rows={2}
              maxLength={2048}
              value={description}
              onInput={(e) => setDescription(e.currentTarget.value)}
            />
          </label>
          <label class="field">
            <span class="label">Encryption key (optional)</span>
            <input
              class="input mono"
              list="new-secret-keys"
              value={kms}
              placeholder="aws/secretsmanager"
              onInput={(e) => setKms(e.currentTarget.value)}
            />
            <KeyOptions id="new-secret-keys" />
          </label>
        </div>
        <div class="card">
          <h2 class="card-title">Tags (optional)</h2>
          <TagsEditor tags={tags} onChange={setTags} />
        </div>
        <div class="card">
          <h2 class="card-title">Rotation (optional)</h2>
          <label class="check">
            <input type="checkbox" checked={rotate} onChange={(e) => setRotate(e.currentTarget.checked)} />
            Turn on automatic rotation
          </label>
          {rotate && <RotationForm value={rotation} onChange={setRotation} />}
        </div>
        <ErrorBox error={action.error} title="Could not store the secret" />
        {problem && <p class="field-error">{problem}</p>}
        <div class="button-row">
          <button
            type="submit"
            class="btn btn-primary"
            disabled={action.busy || !name || empty || problem !== undefined}
          >
            {action.busy ? 'Storing…' : 'Store secret'}
          </button>
          <button type="button" class="btn" onClick={() => navigate('/secrets')}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
