import { Errors } from './errors.js';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from './secret.js';

/**
 * Staging-label movement as pure functions over a label map (stage → versionId). The map
 * shape itself guarantees a label is on at most one version; these functions add AWS's rules
 * (traces in docs/aws-parity-notes.md §15).
 */
export type LabelMap = Map<string, string>;

export const MAX_LABELS = 20;

/**
 * Labels for a new version written by PutSecretValue/UpdateSecret/CreateSecret.
 * - `stages` undefined means ['AWSCURRENT'] (decision 1), and a secret's first version always
 *   gets AWSCURRENT;
 * - each listed label leaves the version that held it;
 * - when AWSCURRENT moves, the version that lost it gets AWSPREVIOUS, and an AWSPENDING not
 *   re-listed is dropped: a manual write abandons a rotation in progress.
 */
export function labelsForNewVersion(
  current: LabelMap,
  versionId: string,
  stages: readonly string[] | undefined,
): LabelMap {
  const next = new Map(current);
  const wanted = new Set(stages ?? [AWSCURRENT]);
  if (!current.has(AWSCURRENT)) wanted.add(AWSCURRENT);
  if (wanted.has(AWSCURRENT)) {
    const old = current.get(AWSCURRENT);
    if (old !== undefined && old !== versionId) next.set(AWSPREVIOUS, old);
    if (!wanted.has(AWSPENDING)) next.delete(AWSPENDING);
  }
  for (const s of wanted) next.set(s, versionId);
  checkLabelQuota(next);
  return next;
}

export function checkLabelQuota(labels: LabelMap): void {
  if (labels.size > MAX_LABELS) throw Errors.labelQuota();
}

export type StageMove = { stage: string; moveTo?: string; removeFrom?: string };

/** UpdateSecretVersionStage. Version existence is checked by the caller. */
export function moveStage(current: LabelMap, m: StageMove): LabelMap {
  const next = new Map(current);
  const holder = current.get(m.stage);
  if (m.moveTo !== undefined) {
    // A RemoveFromVersionId that does not hold the label is wrong, not missing.
    if (m.removeFrom !== undefined && m.removeFrom !== holder) {
      throw Errors.invalidParameter(`Version stage ${m.stage} not found in version ${m.removeFrom}`);
    }
    if (holder !== undefined && holder !== m.moveTo && m.removeFrom === undefined) {
      throw Errors.invalidParameter(
        `The parameter RemoveFromVersionId can't be empty. Staging label ${m.stage} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
      );
    }
    next.set(m.stage, m.moveTo);
    if (m.stage === AWSCURRENT && holder !== undefined && holder !== m.moveTo) next.set(AWSPREVIOUS, holder);
    checkLabelQuota(next);
    return next;
  }
  if (m.removeFrom !== undefined) {
    if (holder !== m.removeFrom) {
      throw Errors.invalidParameter(`Version stage ${m.stage} not found in version ${m.removeFrom}`);
    }
    if (m.stage === AWSCURRENT) {
      throw Errors.invalidParameter(
        'You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.',
      );
    }
    next.delete(m.stage);
    return next;
  }
  throw Errors.invalidParameter('You must specify either MoveToVersionId or RemoveFromVersionId.');
}

/** versionId → its labels, in the order labels were attached. */
export function stagesByVersion(labels: LabelMap): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [stage, vid] of labels) {
    const list = out.get(vid);
    if (list) list.push(stage);
    else out.set(vid, [stage]);
  }
  return out;
}
