import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The agent's log: one line per event, to `logs/secrets_manager_agent.log` (rotated at 10 MB,
 * five files kept, as the AWS agent does) or to stderr. Lines carry ids and codes, never values.
 */
const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, NONE: 100 } as const;
export type AgentLogLevel = keyof typeof LEVELS;

export function createAgentLog(level: AgentLogLevel, file?: string, maxBytes = 10 * 1024 * 1024, keep = 5) {
  if (file) mkdirSync(dirname(file), { recursive: true });
  const rotate = (path: string) => {
    for (let i = keep - 1; i >= 1; i--) {
      if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
    }
    renameSync(path, `${path}.1`);
    rmSync(`${path}.${keep}`, { force: true });
  };
  return (lvl: Exclude<AgentLogLevel, 'NONE'>, msg: string) => {
    if (LEVELS[lvl] < LEVELS[level]) return;
    const line = `${new Date().toISOString()} ${lvl} ${msg}\n`;
    if (!file) {
      process.stderr.write(line);
      return;
    }
    if (existsSync(file) && statSync(file).size + line.length > maxBytes) rotate(file);
    appendFileSync(file, line);
  };
}
