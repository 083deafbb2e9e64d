import { Errors } from '../domain/errors.js';
import type { Constraint, OperationModel, ShapeRef } from './model/load.js';

/**
 * Decodes a JSON 1.1 request body against the operation's input shape:
 * - type mismatches → SerializationException (Coral's wording);
 * - constraint violations → ValidationException in Coral's "N validation error(s) detected" form,
 *   with member paths in lower camel case and 1-based list indexes ('tags.2.member.key');
 * - unknown members are ignored, as AWS does (clients newer than the service send them).
 * Blobs arrive as base64 and leave as Buffers; timestamps as epoch seconds → milliseconds.
 */
type Violation = string;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const TYPE_NAMES: Record<string, string> = { string: 'String', integer: 'Integer', long: 'Long', boolean: 'Boolean' };

function jsonKind(v: unknown): string {
  if (v === null) return 'NULL_VALUE';
  if (Array.isArray(v)) return 'START_ARRAY';
  switch (typeof v) {
    case 'string':
      return 'STRING_VALUE';
    case 'number':
      return Number.isInteger(v) ? 'NUMBER_VALUE' : 'NUMBER_FLOAT_VALUE';
    case 'boolean':
      return v ? 'TRUE_VALUE' : 'FALSE_VALUE';
    default:
      return 'START_OBJECT';
  }
}

function mismatch(v: unknown, expected: string) {
  const kind = jsonKind(v);
  if (kind === 'START_OBJECT') return Errors.serialization('Start of structure or map found where not expected.');
  if (kind === 'START_ARRAY') return Errors.serialization('Start of list found where not expected.');
  return Errors.serialization(`${kind} cannot be converted to ${expected}`);
}

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

function render(v: unknown, sensitive: boolean): string {
  if (sensitive) return 'Value';
  if (v === undefined || v === null) return 'Value null';
  if (Array.isArray(v))
    return `Value '[${v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ')}]'`;
  if (Buffer.isBuffer(v)) return 'Value';
  return `Value '${String(v)}'`;
}

/** Model patterns are Java regexes anchored by us; compiled once (no 'u' flag: Java allows escapes like \!). */
const patterns = new Map<string, RegExp>();
function patternOf(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) {
    re = new RegExp(`^(?:${p.replace(/^\^|\$$/g, '')})$`);
    patterns.set(p, re);
  }
  return re;
}

function checkConstraint(
  c: Constraint | undefined,
  v: unknown,
  sensitive: boolean,
  wirePath: string,
  out: Violation[],
) {
  if (!c || v === undefined || v === null) return;
  const at = `${render(v, sensitive)} at '${wirePath}' failed to satisfy constraint: Member must`;
  if (typeof v === 'number') {
    if (c.max !== undefined && v > c.max) out.push(`${at} have value less than or equal to ${c.max}`);
    if (c.min !== undefined && v < c.min) out.push(`${at} have value greater than or equal to ${c.min}`);
    return;
  }
  const len = typeof v === 'string' ? [...v].length : Array.isArray(v) || Buffer.isBuffer(v) ? v.length : undefined;
  if (len !== undefined) {
    if (c.max !== undefined && len > c.max) out.push(`${at} have length less than or equal to ${c.max}`);
    if (c.min !== undefined && len < c.min) out.push(`${at} have length greater than or equal to ${c.min}`);
  }
  if (typeof v === 'string') {
    if (c.enum && !c.enum.includes(v)) out.push(`${at} satisfy enum value set: [${c.enum.join(', ')}]`);
    if (c.pattern && !patternOf(c.pattern).test(v)) {
      out.push(`${at} satisfy regular expression pattern: ${c.pattern}`);
    }
  }
}

type Ctx = { constraints: Record<string, Constraint>; violations: Violation[] };

function decodeValue(shape: ShapeRef, v: unknown, path: string, wire: string, ctx: Ctx): unknown {
  const type = shape.type ?? 'string';
  let out: unknown;
  switch (type) {
    case 'structure':
      out = decodeStructure(shape, v, path, wire, ctx);
      break;
    case 'list': {
      if (!Array.isArray(v)) throw mismatch(v, 'List');
      out = v.map((item, i) => decodeValue(shape.member!, item, `${path}[]`, `${wire}.${i + 1}.member`, ctx));
      break;
    }
    case 'map': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw mismatch(v, 'Map');
      const m: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(v))
        m[k] = decodeValue(shape.value!, item, `${path}{value}`, `${wire}.${k}`, ctx);
      out = m;
      break;
    }
    case 'string':
      if (typeof v !== 'string') throw mismatch(v, TYPE_NAMES.string!);
      out = v;
      break;
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw mismatch(v, TYPE_NAMES[type]!);
      out = v;
      break;
    case 'boolean':
      if (typeof v !== 'boolean') throw mismatch(v, 'Boolean');
      out = v;
      break;
    case 'blob':
      if (typeof v !== 'string') throw mismatch(v, 'Blob');
      if (!BASE64_RE.test(v) || v.length % 4 === 1) throw Errors.serialization('Base64 encoded value is not valid.');
      out = Buffer.from(v, 'base64');
      break;
    case 'timestamp':
      if (typeof v !== 'number') throw mismatch(v, 'Timestamp');
      out = v * 1000;
      break;
  }
  checkConstraint(ctx.constraints[path], out, shape.sensitive === true, wire, ctx.violations);
  return out;
}

function decodeStructure(shape: ShapeRef, v: unknown, path: string, wire: string, ctx: Ctx): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw mismatch(v, 'Structure');
  const input = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members ?? {})) {
    const raw = input[name];
    const memberPath = path ? `${path}.${name}` : name;
    const memberWire = wire ? `${wire}.${lowerFirst(name)}` : lowerFirst(name);
    if (raw === undefined || raw === null) {
      if (shape.required?.includes(name)) {
        ctx.violations.push(`Value null at '${memberWire}' failed to satisfy constraint: Member must not be null`);
      }
      continue;
    }
    out[name] = decodeValue(member, raw, memberPath, memberWire, ctx);
  }
  return out;
}

export function decodeInput(op: OperationModel, body: Uint8Array): Record<string, unknown> {
  let parsed: unknown = {};
  if (body.length > 0) {
    try {
      parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
    } catch {
      throw Errors.serialization('Malformed JSON in request body.');
    }
  }
  const ctx: Ctx = { constraints: op.constraints, violations: [] };
  const out = decodeStructure(op.input, parsed, '', '', ctx);
  if (ctx.violations.length > 0) {
    const n = ctx.violations.length;
    throw Errors.validation(`${n} validation error${n > 1 ? 's' : ''} detected: ${ctx.violations.join('; ')}`);
  }
  return out;
}
