import { readFileSync } from 'node:fs';

/**
 * The vendored service model (aws-sdk v2 min format; provenance in PROVENANCE.md) plus our
 * overlay of constraints and error lists. Loaded once at start: JSON files are read from disk
 * next to this module so `tsc` output and sources see the same data.
 */
export type ShapeRef = {
  shape?: string;
  type?: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'blob' | 'timestamp';
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  required?: string[];
  sensitive?: boolean;
  idempotencyToken?: boolean;
};

export type Constraint = { min?: number; max?: number; pattern?: string; enum?: string[] };

export type OperationModel = {
  name: string;
  input: ShapeRef;
  constraints: Record<string, Constraint>;
  errors: string[];
};

type RawModel = { operations: Record<string, { input: ShapeRef }>; shapes: Record<string, ShapeRef> };
type RawOverlay = {
  operations: Record<
    string,
    { constraints: Record<string, Constraint>; errors: string[]; addedMembers?: Record<string, ShapeRef> }
  >;
};

const readJson = <T>(file: string): T => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T;

/** Inlines `shape` references so the decoder walks one tree per operation. */
function resolve(ref: ShapeRef, shapes: Record<string, ShapeRef>): ShapeRef {
  const base = ref.shape ? { ...shapes[ref.shape], ...ref, shape: undefined } : { ...ref };
  if (base.members) {
    base.members = Object.fromEntries(Object.entries(base.members).map(([k, v]) => [k, resolve(v, shapes)]));
  }
  if (base.member) base.member = resolve(base.member, shapes);
  if (base.key) base.key = resolve(base.key, shapes);
  if (base.value) base.value = resolve(base.value, shapes);
  return base;
}

export function loadModel(): Map<string, OperationModel> {
  const model = readJson<RawModel>('./secretsmanager.json');
  const overlay = readJson<RawOverlay>('./overlay.json');
  const ops = new Map<string, OperationModel>();
  for (const [name, op] of Object.entries(model.operations)) {
    const extra = overlay.operations[name] ?? { constraints: {}, errors: [] };
    const input = resolve(op.input, model.shapes);
    // Members AWS added after the vendored model froze (SortBy, Type, ...), from the overlay.
    input.members = { ...input.members, ...extra.addedMembers };
    ops.set(name, { name, input, constraints: extra.constraints, errors: extra.errors });
  }
  return ops;
}
