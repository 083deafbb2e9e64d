import { readFileSync } from 'node:fs';
import type { RedactShape } from './redact.js';

/** Input and output structures of one operation, with `shape` references inlined. */
export type OperationShapes = { input?: RedactShape; output?: RedactShape };
export type ServiceShapes = (operation: string) => OperationShapes | undefined;

type RawRef = RedactShape & {
  shape?: string;
  members?: Record<string, RawRef>;
  member?: RawRef;
  value?: RawRef;
};
type RawModel = { operations: Record<string, { input?: RawRef; output?: RawRef }>; shapes: Record<string, RawRef> };
type RawOverlay = { operations?: Record<string, { addedMembers?: Record<string, RawRef> }> };

function resolve(ref: RawRef, shapes: Record<string, RawRef>, seen: ReadonlySet<string>): RedactShape {
  // A recursive shape (none in Secrets Manager today) resolves to "unknown" at the loop.
  if (ref.shape && seen.has(ref.shape)) return {};
  const base: RawRef = ref.shape ? { ...shapes[ref.shape], ...ref } : { ...ref };
  const next = ref.shape ? new Set([...seen, ref.shape]) : seen;
  const out: RedactShape = {};
  if (base.type) out.type = base.type;
  if (base.sensitive) out.sensitive = true;
  if (base.members) {
    out.members = Object.fromEntries(Object.entries(base.members).map(([k, v]) => [k, resolve(v, shapes, next)]));
  }
  if (base.member) out.member = resolve(base.member, shapes, next);
  if (base.value) out.value = resolve(base.value, shapes, next);
  return out;
}

/**
 * Reads a vendored AWS service model (aws-sdk v2 min format) and its overlay of members added
 * since, once, for redaction by shape. Files are passed in by the wiring so this module does not
 * depend on where protocol/ keeps them.
 */
export function loadServiceShapes(modelFile: URL, overlayFile?: URL): ServiceShapes {
  const model = JSON.parse(readFileSync(modelFile, 'utf8')) as RawModel;
  const overlay = overlayFile ? (JSON.parse(readFileSync(overlayFile, 'utf8')) as RawOverlay) : {};
  const ops = new Map<string, OperationShapes>();
  for (const [name, op] of Object.entries(model.operations)) {
    const shapes: OperationShapes = {};
    if (op.input) {
      const input = resolve(op.input, model.shapes, new Set());
      const added = overlay.operations?.[name]?.addedMembers ?? {};
      for (const [k, v] of Object.entries(added)) {
        input.members = { ...input.members, [k]: resolve(v, model.shapes, new Set()) };
      }
      shapes.input = input;
    }
    if (op.output) shapes.output = resolve(op.output, model.shapes, new Set());
    ops.set(name, shapes);
  }
  return (operation) => ops.get(operation);
}
