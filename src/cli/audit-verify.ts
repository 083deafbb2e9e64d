import { checkpointKey } from '../audit/checkpoint.js';
import { verifyAuditTrail } from '../audit/verify.js';
import { type AuditSourceOptions, auditRootKey, openAuditReads } from './audit-source.js';

/**
 * `strongroom audit verify`: read-only, safe next to a running server. Prints one line and exits
 * 1 when the trail was tampered with (or 0 when it is whole).
 */
export async function auditVerify(o: AuditSourceOptions & { json?: boolean }): Promise<void> {
  const rootKey = await auditRootKey(o);
  const reader = await openAuditReads(o);
  try {
    const report = await verifyAuditTrail(reader, rootKey ? checkpointKey(rootKey) : undefined);
    if (o.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (report.ok) {
      const signed = report.signaturesChecked ? 'signatures checked' : 'signatures NOT checked: no root key';
      process.stdout.write(
        `audit trail intact: ${report.records} records, ${report.checkpoints} checkpoints (${signed})\n`,
      );
    } else {
      const p = report.problem!;
      process.stdout.write(
        `audit trail TAMPERED: ${p.kind} at seq ${p.seq}${p.eventId ? ` (eventID ${p.eventId})` : ''}: ${p.message}\n`,
      );
    }
    if (!report.ok) process.exitCode = 1;
  } finally {
    await reader.close();
  }
}
