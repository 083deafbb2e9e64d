// Copies the service model JSON next to the compiled protocol code and marks the CLI executable.
import { chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';

const from = 'src/protocol/model';
const to = 'dist/protocol/model';
mkdirSync(to, { recursive: true });
for (const f of readdirSync(from)) if (f.endsWith('.json')) copyFileSync(`${from}/${f}`, `${to}/${f}`);
chmodSync('dist/main.js', 0o755);
