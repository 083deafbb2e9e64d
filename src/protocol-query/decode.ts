import { Errors } from '../domain/errors.js';
import type { QueryServiceModel, Shape } from './shapes.js';

/**
 * Decodes an AWS query-protocol request (form fields: `UserName=bob&Tags.member.1.Key=team`)
 * against the operation's input shape, and checks the model's constraints the way AWS's front
 * end reports them: "N validation error(s) detected: Value 'x' at 'userName' failed to satisfy
 * constraint: …", with lower-camel-case wire paths and list items as `tags.1.member.key`.
 *
 * Recorded quirks kept (LocalStack snapshots of IAM): tag keys and values are never echoed
 * ("Value at 'tags.1.member.key' …"), a list's length violation is "Value at 'tags' …", and a
 * violation inside a list of strings is reported once for the list with every member constraint.
 */
export type Fields = Map<string, string>;

export function parseForm(body: Uint8Array): Fields {
  const fields: Fields = new Map();
  for (const [k, v] of new URLSearchParams(Buffer.from(body).toString('utf8'))) if (!fields.has(k)) fields.set(k, v);
  return fields;
}

type Ctx = { model: QueryServiceModel; fields: Fields; violations: string[] };

const HIDDEN_VALUE_SHAPES = new Set(['tagKeyType', 'tagValueType']);
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function decodeInput(
  model: QueryServiceModel,
  shapeName: string | undefined,
  fields: Fields,
): Record<string, unknown> {
  if (!shapeName) return {};
  const ctx: Ctx = { model, fields, violations: [] };
  const out = decodeStructure(ctx, shapeName, '', '') ?? {};
  const n = ctx.violations.length;
  if (n > 0) {
    throw Errors.iamValidation(`${n} validation error${n > 1 ? 's' : ''} detected: ${ctx.violations.join('; ')}`);
  }
  return out;
}

function decodeStructure(ctx: Ctx, shapeName: string, key: string, wire: string): Record<string, unknown> | undefined {
  const shape = ctx.model.shapes[shapeName]!;
  const out: Record<string, unknown> = {};
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const memberKey = key ? `${key}.${member}` : member;
    const memberWire = wire ? `${wire}.${lowerFirst(member)}` : lowerFirst(member);
    const value = decodeValue(ctx, ref.shape, memberKey, memberWire);
    if (value === undefined) {
      if (shape.required?.includes(member)) {
        ctx.violations.push(`Value null at '${memberWire}' failed to satisfy constraint: Member must not be null`);
      }
      continue;
    }
    out[member] = value;
  }
  return out;
}

function decodeValue(ctx: Ctx, shapeName: string, key: string, wire: string): unknown {
  const shape = ctx.model.shapes[shapeName]!;
  switch (shape.type) {
    case 'structure':
      return hasFieldsUnder(ctx.fields, key) ? decodeStructure(ctx, shapeName, key, wire) : undefined;
    case 'list':
      return decodeList(ctx, shape, key, wire);
    case 'integer':
    case 'long': {
      const raw = ctx.fields.get(key);
      if (raw === undefined) return undefined;
      const n = /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
      if (Number.isNaN(n)) {
        ctx.violations.push(`Value '${raw}' at '${wire}' failed to satisfy constraint: Member must be a number`);
        return undefined;
      }
      checkNumber(ctx, shape, n, wire);
      return n;
    }
    case 'boolean': {
      const raw = ctx.fields.get(key);
      return raw === undefined ? undefined : raw.toLowerCase() === 'true';
    }
    default: {
      const raw = ctx.fields.get(key);
      if (raw === undefined) return undefined;
      const problems = stringProblems(shape, raw);
      const shown = HIDDEN_VALUE_SHAPES.has(shapeName) ? 'Value' : `Value '${raw}'`;
      for (const p of problems) ctx.violations.push(`${shown} at '${wire}' failed to satisfy constraint: ${p}`);
      return raw;
    }
  }
}

/** `Key.member.N…`; a bare `Key=` is an empty list. Items come back in the order of N. */
function decodeList(ctx: Ctx, shape: Shape, key: string, wire: string): unknown[] | undefined {
  const prefix = `${key}.member.`;
  const indexes = new Set<number>();
  for (const k of ctx.fields.keys()) {
    if (!k.startsWith(prefix)) continue;
    const n = Number.parseInt(k.slice(prefix.length), 10);
    if (n > 0) indexes.add(n);
  }
  if (indexes.size === 0) return ctx.fields.has(key) ? [] : undefined;
  const itemShapeName = shape.member!.shape;
  const itemShape = ctx.model.shapes[itemShapeName]!;
  const sorted = [...indexes].sort((a, b) => a - b);
  if (shape.max !== undefined && sorted.length > shape.max) {
    ctx.violations.push(
      `Value at '${wire}' failed to satisfy constraint: Member must have length less than or equal to ${shape.max}`,
    );
  }
  if (itemShape.type !== 'structure' && itemShape.type !== 'list')
    return scalarItems(ctx, itemShape, sorted, prefix, wire);
  return sorted.map((n, i) => decodeValue(ctx, itemShapeName, `${prefix}${n}`, `${wire}.${i + 1}.member`));
}

function scalarItems(ctx: Ctx, item: Shape, indexes: number[], prefix: string, wire: string): string[] {
  const values = indexes.map((n) => ctx.fields.get(`${prefix}${n}`) ?? '');
  if (values.some((v) => stringProblems(item, v).length > 0)) {
    const all = [
      item.max !== undefined && `Member must have length less than or equal to ${item.max}`,
      item.min !== undefined && `Member must have length greater than or equal to ${item.min}`,
      item.pattern !== undefined && `Member must satisfy regular expression pattern: ${item.pattern}`,
      'Member must not be null',
    ].filter(Boolean);
    ctx.violations.push(
      `Value at '${wire}' failed to satisfy constraint: Member must satisfy constraint: [${all.join(', ')}]`,
    );
  }
  return values;
}

function checkNumber(ctx: Ctx, shape: Shape, n: number, wire: string): void {
  const at = `Value '${n}' at '${wire}' failed to satisfy constraint: Member must`;
  if (shape.max !== undefined && n > shape.max)
    ctx.violations.push(`${at} have value less than or equal to ${shape.max}`);
  if (shape.min !== undefined && n < shape.min)
    ctx.violations.push(`${at} have value greater than or equal to ${shape.min}`);
}

function stringProblems(shape: Shape, v: string): string[] {
  const out: string[] = [];
  const len = [...v].length;
  if (shape.max !== undefined && len > shape.max)
    out.push(`Member must have length less than or equal to ${shape.max}`);
  if (shape.min !== undefined && len < shape.min)
    out.push(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.enum && !shape.enum.includes(v)) out.push(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  if (shape.pattern !== undefined && !patternOf(shape.pattern).test(v)) {
    out.push(`Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
  return out;
}

const hasFieldsUnder = (fields: Fields, key: string): boolean => {
  for (const k of fields.keys()) if (k.startsWith(`${key}.`)) return true;
  return false;
};

/** Model patterns are Java regexes: anchored here, with Java's `\u10000` spelled `\u{10000}`. */
const patterns = new Map<string, RegExp>();
function patternOf(p: string): RegExp {
  let re = patterns.get(p);
  if (!re) {
    re = new RegExp(`^(?:${p.replace(/\\u([0-9A-Fa-f]{5,6})/g, '\\u{$1}')})$`, 'u');
    patterns.set(p, re);
  }
  return re;
}
