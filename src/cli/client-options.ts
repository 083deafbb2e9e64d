import type { Command } from 'commander';
import { type ConfigOverrides, loadClientConfig } from '../client/aws-config.js';
import { createSecretsClient, type SecretsClient } from '../client/secrets-client.js';

/** The connection flags every client command shares; the AWS environment fills the rest. */
export const withClientOptions = (cmd: Command) =>
  cmd
    .option(
      '--endpoint-url <url>',
      'Secrets Manager endpoint (default: AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL, or AWS)',
    )
    .option('--region <region>', 'region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile)')
    .option('--profile <name>', 'profile in the shared AWS files (default: AWS_PROFILE or default)');

export type ClientFlags = { endpointUrl?: string; region?: string; profile?: string };

export function clientFrom(o: ClientFlags, userAgent = 'strongroom-cli'): SecretsClient {
  const overrides: ConfigOverrides = { endpointUrl: o.endpointUrl, region: o.region, profile: o.profile };
  return createSecretsClient(loadClientConfig(overrides), userAgent);
}
