import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAgentLog } from '../../src/agent/agent-log.js';
import { agentConfig, DEFAULTS, parseToml, readToken } from '../../src/agent/config.js';
import { TtlCache } from '../../src/agent/ttl-cache.js';
import { tempDir } from '../helpers/server.js';

describe('agent configuration (statement 130)', () => {
  it('has the AWS agent defaults', () => {
    expect(DEFAULTS).toMatchObject({
      httpPort: 2773,
      ttlSeconds: 300,
      cacheSize: 1000,
      maxConn: 800,
      logLevel: 'INFO',
      logToFile: true,
    });
  });
  it.each([
    ['http_port = 1023', 'http_port'],
    ['http_port = 65536', 'http_port'],
    ['ttl_seconds = 3601', 'ttl_seconds'],
    ['cache_size = 0', 'cache_size'],
    ['cache_size = 1001', 'cache_size'],
    ['max_conn = 0', 'max_conn'],
    ['max_conn = 1001', 'max_conn'],
    ['log_level = "LOUD"', 'log_level'],
    ['no_such_option = 1', 'unknown option'],
  ])('refuses %s', (line, what) => {
    expect(() => agentConfig(parseToml(line))).toThrow(what);
  });
  it('reads the TOML subset the agent uses', () => {
    const c = agentConfig(
      parseToml(
        '# comment\nttl_seconds = 0\nssrf_headers = ["X-A", "X-B"]\npath_prefix = "/secrets"\nlog_to_file = false',
      ),
    );
    expect(c).toMatchObject({ ttlSeconds: 0, ssrfHeaders: ['X-A', 'X-B'], pathPrefix: '/secrets/', logToFile: false });
  });
});

describe('SSRF token sources (statement 131)', () => {
  it('takes AWS_TOKEN before AWS_SESSION_TOKEN, and file:// references', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'awssmatoken'), 'from-file\n');
    expect(readToken(DEFAULTS, { AWS_TOKEN: 'a', AWS_SESSION_TOKEN: 'b' })).toBe('a');
    expect(readToken(DEFAULTS, { AWS_SESSION_TOKEN: 'b' })).toBe('b');
    expect(readToken(DEFAULTS, { AWS_TOKEN: `file://${join(dir, 'awssmatoken')}` })).toBe('from-file');
    expect(() => readToken(DEFAULTS, {})).toThrow('no SSRF token');
  });
});

describe('agent log (statement 132)', () => {
  it('rotates at the size limit and keeps at most five files in all', () => {
    const dir = tempDir();
    const file = join(dir, 'logs', 'secrets_manager_agent.log');
    const log = createAgentLog('INFO', file, 200, 5);
    for (let i = 0; i < 100; i++) log('INFO', `line ${i} ${'x'.repeat(40)}`);
    const files = readdirSync(join(dir, 'logs')).sort();
    expect(files).toEqual(['secrets_manager_agent.log', ...[1, 2, 3, 4].map((n) => `secrets_manager_agent.log.${n}`)]);
    expect(existsSync(`${file}.5`)).toBe(false);
  });
});

describe('TTL cache', () => {
  it('expires entries, evicts the least recently used, and does nothing with TTL 0', () => {
    let now = 0;
    const c = new TtlCache<string>(2, 1000, () => now);
    c.set('a', '1');
    c.set('b', '2');
    c.get('a');
    c.set('c', '3');
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe('1');
    now = 1000;
    expect(c.get('a')).toBeUndefined();
    const off = new TtlCache<string>(2, 0);
    off.set('a', '1');
    expect(off.get('a')).toBeUndefined();
  });
});
