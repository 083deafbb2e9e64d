import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { type ClientFlags, clientFrom, withClientOptions } from './client-options.js';

/** `strongroom agent`: the Secrets Manager Agent drop-in (see src/agent/). */
export function addAgentCommand(program: Command): void {
  withClientOptions(
    program
      .command('agent')
      .description('Run a local caching sidecar compatible with the AWS Secrets Manager Agent (127.0.0.1:2773).')
      .option('--config <file>', "the agent's TOML configuration (same keys as the AWS agent)")
      .option('--port <port>', 'override http_port (0 picks a free port)')
      .addHelpText(
        'after',
        '\nExamples:\n  AWS_TOKEN=$(openssl rand -hex 16) strongroom agent --endpoint-url http://127.0.0.1:4566\n  curl -H "X-Aws-Parameters-Secrets-Token: $AWS_TOKEN" "localhost:2773/secretsmanager/get?secretId=app/db"\n',
      ),
  ).action(async (o: ClientFlags & { config?: string; port?: string }) => {
    // Loaded here, not with the CLI (see cli/index.ts).
    const [{ createAgentLog }, { createAgent }, { loadAgentConfig, readToken }] = await Promise.all([
      import('../agent/agent-log.js'),
      import('../agent/agent-server.js'),
      import('../agent/config.js'),
    ]);
    const config = loadAgentConfig(o.config);
    if (o.port !== undefined) config.httpPort = Number(o.port);
    const token = readToken(config);
    const log = createAgentLog(config.logLevel, config.logToFile ? 'logs/secrets_manager_agent.log' : undefined);
    const client = clientFrom(
      { ...o, region: o.region ?? config.region },
      'strongroom-agent aws-secrets-manager-agent/1.0',
    );
    const agent = createAgent(config, client, token, log);
    await new Promise<void>((ok, fail) => {
      agent.server.once('error', fail);
      agent.server.listen(config.httpPort, '127.0.0.1', () => ok());
    });
    const { port } = agent.server.address() as AddressInfo;
    process.stdout.write(
      `Strongroom agent listening on http://127.0.0.1:${port} (upstream ${client.config.endpoint})\n`,
    );
    log('INFO', `listening on 127.0.0.1:${port}, upstream ${client.config.endpoint}`);
    const stop = async () => {
      await agent.close();
      process.exit(0);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
