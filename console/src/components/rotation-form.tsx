import { defaultSchedule, rulesOf, type ScheduleForm } from '../lib/schedule';
import type { RotationRules } from '../lib/secret-types';
import { ScheduleEditor } from './schedule-editor';

/** Built-in rotation functions, offered in every account and region (docs/builtin-rotators.md). */
const BUILTINS = [
  'strongroom-postgres-single-user',
  'strongroom-postgres-alternating-users',
  'strongroom-mysql-single-user',
  'strongroom-mysql-alternating-users',
];

export type RotationSettings = { functionArn: string; schedule: ScheduleForm; rotateImmediately: boolean };

export const defaultRotation = (arn?: string, rules?: RotationRules): RotationSettings => ({
  functionArn: arn ?? '',
  schedule: defaultSchedule(rules),
  rotateImmediately: true,
});

/** RotateSecret's input for these settings. */
export const rotateInput = (r: RotationSettings) => ({
  RotationLambdaARN: r.functionArn.trim(),
  RotationRules: rulesOf(r.schedule),
  RotateImmediately: r.rotateImmediately,
});

export function RotationForm({ value: r, onChange }: { value: RotationSettings; onChange(r: RotationSettings): void }) {
  return (
    <div class="rotation-form">
      <label class="field">
        <span class="label">Rotation function</span>
        <input
          class="input mono"
          list="rotation-functions"
          value={r.functionArn}
          placeholder="A Lambda ARN or function name"
          onInput={(e) => onChange({ ...r, functionArn: e.currentTarget.value })}
        />
        <datalist id="rotation-functions">
          {BUILTINS.map((b) => (
            <option key={b} value={b} />
          ))}
        </datalist>
        <span class="hint">
          A built-in rotator, or a function registered with <code>strongroom functions add</code>.
        </span>
      </label>
      <ScheduleEditor value={r.schedule} onChange={(schedule) => onChange({ ...r, schedule })} />
      <label class="check">
        <input
          type="checkbox"
          checked={r.rotateImmediately}
          onChange={(e) => onChange({ ...r, rotateImmediately: e.currentTarget.checked })}
        />
        Rotate immediately after saving
      </label>
    </div>
  );
}
