import type { QueryServiceModel } from './shapes.js';

/**
 * Writes query-protocol responses as the SDKs parse them:
 * `<OpResponse xmlns=…><OpResult>…</OpResult><ResponseMetadata><RequestId>…` with members in
 * model order, lists as `<Name><member>…</member></Name>`, timestamps in ISO 8601 (whole
 * seconds, UTC, as IAM and STS write them), and members whose value is undefined left out.
 */
// Text content only (we write no attribute from data): quotes stay as they are, as in AWS's XML.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
export const escapeXml = (s: string): string => s.replace(/[&<>]/g, (c) => ESCAPES[c]!);

export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function encodeValue(model: QueryServiceModel, shapeName: string, v: unknown): string {
  const shape = model.shapes[shapeName]!;
  switch (shape.type) {
    case 'structure':
      return encodeMembers(model, shapeName, v as Record<string, unknown>);
    case 'list':
      return (v as unknown[])
        .map((item) => `<member>${encodeValue(model, shape.member!.shape, item)}</member>`)
        .join('');
    case 'timestamp':
      return isoSeconds(v as number);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return escapeXml(String(v));
  }
}

function encodeMembers(model: QueryServiceModel, shapeName: string, value: Record<string, unknown>): string {
  let out = '';
  for (const [name, ref] of Object.entries(model.shapes[shapeName]!.members ?? {})) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    out += `<${name}>${encodeValue(model, ref.shape, v)}</${name}>`;
  }
  return out;
}

export function encodeResponse(
  model: QueryServiceModel,
  operation: string,
  output: Record<string, unknown> | undefined,
  requestId: string,
): string {
  const op = model.operations[operation]!;
  const result =
    op.output && op.resultWrapper
      ? `<${op.resultWrapper}>${encodeMembers(model, op.output, output ?? {})}</${op.resultWrapper}>`
      : '';
  return (
    `<${operation}Response xmlns="${model.xmlNamespace}">${result}` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${operation}Response>`
  );
}
