import { checkpointKey } from '../audit/checkpoint.js';
import { verifyAuditTrail } from '../audit/verify.js';
import { type AuditSourceOptions, auditRootKey, openAuditReads } from './audit-source.js';
import { chosenFormat, type FormatFlags, printResult } from './output-format.js';

/**
 * `strongroom audit verify`: read-only, safe next to a running server. Prints one line and exits
 * 1 when the trail was tampered with (or 0 when it is whole).
 */
export async function auditVerify(o: AuditSourceOptions & FormatFlags): Promise<void> {
  const format = chosenFormat(o);
  const rootKey = await auditRootKey(o);
  const reader = await openAuditReads(o);
  try {
    const report = await verifyAuditTrail(reader, rootKey ? checkpointKey(rootKey) : undefined);
    const p = report.problem;
    printResult(format, {
      json: report,
      rows: [{ ...report, problem: p?.kind, seq: p?.seq, eventID: p?.eventId, message: p?.message }],
      columns: ['ok', 'records', 'checkpoints', 'signaturesChecked', 'problem', 'seq', 'eventID', 'message'],
      plain: () => {
        if (!p) {
          const signed = report.signaturesChecked ? 'signatures checked' : 'signatures NOT checked: no root key';
          return `audit trail intact: ${report.records} records, ${report.checkpoints} checkpoints (${signed})\n`;
        }
        return `audit trail TAMPERED: ${p.kind} at seq ${p.seq}${p.eventId ? ` (eventID ${p.eventId})` : ''}: ${p.message}\n`;
      },
    });
    if (!report.ok) process.exitCode = 1;
  } finally {
    await reader.close();
  }
}
