import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createMetrics } from '../../src/http/metrics.js';

describe('metrics', () => {
  it('renders counters, histograms and gauges in the Prometheus text format', async () => {
    const m = createMetrics({
      secretCounts: async () => [{ region: 'us-east-1', count: 3 }],
      auditStats: () => ({ batches: 2, records: 5, failedBatches: 0 }),
      webhookDeliveries: async () => ({ pending: 1, dead: 0 }),
      readCache: () => ({ hits: 7, misses: 2, size: 4 }),
    });
    m.request({ service: 'secretsmanager', operation: 'GetSecretValue', code: 'OK', seconds: 0.002 });
    m.request({
      service: 'secretsmanager',
      operation: 'GetSecretValue',
      code: 'ResourceNotFoundException',
      seconds: 0.3,
    });
    m.serviceEvent('RotationSucceeded');
    m.serviceEvent('RotationFailed');
    m.serviceEvent('EndSecretVersionDelete');
    m.auditWriteFailure('api');
    const text = await m.render();
    expect(text).toContain('# TYPE strongroom_requests_total counter');
    expect(text).toContain(
      'strongroom_requests_total{service="secretsmanager",operation="GetSecretValue",code="OK"} 1',
    );
    expect(text).toContain('strongroom_request_duration_seconds_bucket{operation="GetSecretValue",le="0.0025"} 1');
    expect(text).toContain('strongroom_request_duration_seconds_bucket{operation="GetSecretValue",le="0.5"} 2');
    expect(text).toContain('strongroom_request_duration_seconds_count{operation="GetSecretValue"} 2');
    expect(text).toContain('strongroom_rotations_total{outcome="succeeded"} 1');
    expect(text).toContain('strongroom_rotations_total{outcome="failed"} 1');
    expect(text).toContain('strongroom_service_events_total{event="EndSecretVersionDelete"} 1');
    expect(text).toContain('strongroom_audit_write_failures_total{source="api"} 1');
    expect(text).toContain('strongroom_resource_count{region="us-east-1"} 3');
    expect(text).toContain('strongroom_read_cache_lookups_total{result="hit"} 7');
    expect(text).toContain('strongroom_webhook_deliveries{state="pending"} 1');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('bounds the operation label: a client cannot create series at will', async () => {
    const m = createMetrics();
    m.request({ service: 'secretsmanager', operation: 'Bad"Name\n', code: 'UnknownOperationException', seconds: 0 });
    for (let i = 0; i < 300; i++) m.request({ service: 's', operation: `Op${i}`, code: 'OK', seconds: 0 });
    const text = await m.render();
    expect(text).toContain('operation="other"');
    expect(text).not.toContain('Op299');
    expect(text).not.toContain('Bad"');
  });
});

describe('audit configuration', () => {
  it('is on by default; STRONGROOM_AUDIT=off turns it off; STRONGROOM_AUDIT_FILE adds the file sink', () => {
    expect(loadConfig('dev', {}, {})).toMatchObject({ audit: true, auditFile: undefined });
    expect(loadConfig('dev', {}, { STRONGROOM_AUDIT: 'off', STRONGROOM_AUDIT_FILE: '-' })).toMatchObject({
      audit: false,
      auditFile: '-',
    });
    expect(() => loadConfig('dev', {}, { STRONGROOM_AUDIT: 'no' })).toThrow('invalid STRONGROOM_AUDIT: no (on or off)');
  });

  it('refuses a gather window or purge interval that is not a number in range, rather than ignoring it', () => {
    for (const ok of ['0', '0.5', '1', '100']) {
      expect(() => loadConfig('dev', {}, { STRONGROOM_AUDIT_GATHER_MS: ok })).not.toThrow();
    }
    for (const bad of ['abc', '-1', '101', 'NaN']) {
      expect(() => loadConfig('dev', {}, { STRONGROOM_AUDIT_GATHER_MS: bad })).toThrow(
        `invalid STRONGROOM_AUDIT_GATHER_MS: ${bad} (milliseconds, 0 to 100)`,
      );
    }
    expect(loadConfig('dev', {}, { STRONGROOM_PURGE_INTERVAL_MS: '250' }).purgeIntervalMs).toBe(250);
    expect(() => loadConfig('dev', {}, { STRONGROOM_PURGE_INTERVAL_MS: 'soon' })).toThrow(
      'invalid STRONGROOM_PURGE_INTERVAL_MS: soon (a positive integer)',
    );
  });
});
