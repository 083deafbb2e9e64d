import type { ScheduleForm } from '../lib/schedule';

/** Rate, cron or days, plus an optional rotation window: the three forms RotationRules accept. */
export function ScheduleEditor({ value: f, onChange }: { value: ScheduleForm; onChange(f: ScheduleForm): void }) {
  const set = (patch: Partial<ScheduleForm>) => onChange({ ...f, ...patch });
  return (
    <fieldset class="fieldset">
      <legend>Rotation schedule</legend>
      <div class="radio-row">
        {(
          [
            ['rate', 'Every N hours or days'],
            ['cron', 'Cron expression'],
            ['days', 'Days after last rotation'],
          ] as const
        ).map(([k, label]) => (
          <label class="check" key={k}>
            <input type="radio" name="schedule-kind" checked={f.kind === k} onChange={() => set({ kind: k })} />
            {label}
          </label>
        ))}
      </div>
      {f.kind === 'rate' && (
        <div class="form-grid">
          <label class="field">
            <span class="label">Rotate every</span>
            <input
              class="input"
              type="number"
              min={1}
              max={999}
              value={f.rateValue}
              onInput={(e) => set({ rateValue: Number(e.currentTarget.value) })}
            />
          </label>
          <label class="field">
            <span class="label">Unit</span>
            <select
              class="input"
              aria-label="Unit"
              value={f.rateUnit}
              onChange={(e) => set({ rateUnit: e.currentTarget.value as 'hours' | 'days' })}
            >
              <option value="days">days</option>
              <option value="hours">hours</option>
            </select>
          </label>
        </div>
      )}
      {f.kind === 'cron' && (
        <label class="field">
          <span class="label">Schedule expression</span>
          <input class="input mono" value={f.cron} onInput={(e) => set({ cron: e.currentTarget.value })} />
          <span class="hint">
            cron(minutes hours day-of-month month day-of-week year), in UTC, e.g. cron(0 8 1 * ? *)
          </span>
        </label>
      )}
      {f.kind === 'days' && (
        <label class="field">
          <span class="label">Days between rotations</span>
          <input
            class="input"
            type="number"
            min={1}
            max={1000}
            value={f.days}
            onInput={(e) => set({ days: Number(e.currentTarget.value) })}
          />
        </label>
      )}
      <label class="field">
        <span class="label">Rotation window (hours, optional)</span>
        <input
          class="input"
          type="number"
          min={0}
          max={24}
          value={f.windowHours}
          onInput={(e) => set({ windowHours: Number(e.currentTarget.value) })}
        />
        <span class="hint">Rotation starts at some time inside the window. 0 leaves the default.</span>
      </label>
    </fieldset>
  );
}
