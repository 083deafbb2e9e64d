import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { buildRuntime } from '../compose.js';
import { type CliOptions, checkExposure, loadConfig, type Mode } from '../config/config.js';
import { drain } from '../http/server.js';
import { CREDENTIALS_FILE, PROFILE, writeCredentialsFile } from './credentials-file.js';

/** `strongroom server` and `strongroom dev`: build, listen, print how to connect, drain on SIGTERM. */
export async function serve(mode: Mode, opts: CliOptions): Promise<void> {
  const config = loadConfig(mode, opts);
  checkExposure(config);
  const rt = await buildRuntime(config);
  await new Promise<void>((ok, fail) => {
    rt.server.once('error', fail);
    rt.server.listen(config.port, config.host, () => ok());
  });
  const { port } = rt.server.address() as AddressInfo;
  const scheme = config.tlsCert ? 'https' : 'http';
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const endpoint = `${scheme}://${host}:${port}`;

  if (mode === 'server' && config.dataDir && rt.admin) {
    const credPath = join(resolve(config.dataDir), CREDENTIALS_FILE);
    if (rt.admin.created || !existsSync(credPath)) await writeCredentialsFile(config.dataDir, rt.admin);
    process.stdout.write(
      [
        `Strongroom server listening on ${endpoint} (data in ${resolve(config.dataDir)})`,
        `Administrator credentials: ${credPath} (profile "${PROFILE}")`,
        `Web console: ${endpoint}/console/ (sign in with those credentials)`,
        'Try:',
        `  AWS_SHARED_CREDENTIALS_FILE=${credPath} aws --profile ${PROFILE} --region us-east-1 --endpoint-url ${endpoint} secretsmanager list-secrets`,
        '',
      ].join('\n'),
    );
  } else {
    process.stdout.write(
      `Strongroom dev listening on ${endpoint} (${config.dataDir ? `data in ${resolve(config.dataDir)}` : 'in memory'}; any credentials accepted)\n`,
    );
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await drain(rt.server);
    await rt.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
