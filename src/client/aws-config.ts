import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Credentials, region and endpoint from the standard AWS environment variables and shared files,
 * so the clients work against Strongroom and against AWS alike:
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, else the profile (AWS_PROFILE or
 * `default`) in AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials) and AWS_CONFIG_FILE (~/.aws/config);
 * region from AWS_REGION, AWS_DEFAULT_REGION or the profile; endpoint from an explicit
 * override, AWS_ENDPOINT_URL_SECRETS_MANAGER, AWS_ENDPOINT_URL, the profile's endpoint_url, or AWS.
 */
export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
export type ClientConfig = { credentials: AwsCredentials; region: string; endpoint: string };

type Ini = Map<string, Map<string, string>>;

export function parseIni(text: string): Ini {
  const out: Ini = new Map();
  let section: Map<string, string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith('#') || t.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(t);
    if (header) {
      section = new Map();
      out.set(header[1]!.trim(), section);
      continue;
    }
    const eq = t.indexOf('=');
    if (section && eq > 0) section.set(t.slice(0, eq).trim(), t.slice(eq + 1).trim());
  }
  return out;
}

const readIni = (path: string): Ini => {
  try {
    return parseIni(readFileSync(path, 'utf8'));
  } catch {
    return new Map();
  }
};

export type ConfigOverrides = { endpointUrl?: string; region?: string; profile?: string };

export function loadClientConfig(o: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const profile = o.profile ?? env.AWS_PROFILE ?? 'default';
  const creds = readIni(env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials')).get(profile);
  const config = readIni(env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config')).get(
    profile === 'default' ? 'default' : `profile ${profile}`,
  );
  const pick = (k: string) => creds?.get(k) ?? config?.get(k);
  const accessKeyId = env.AWS_ACCESS_KEY_ID ?? pick('aws_access_key_id');
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY ?? pick('aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(
      `no AWS credentials: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile '${profile}' in the shared credentials file`,
    );
  }
  const sessionToken = env.AWS_ACCESS_KEY_ID ? env.AWS_SESSION_TOKEN : pick('aws_session_token');
  const region = o.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config?.get('region') ?? 'us-east-1';
  const endpoint =
    o.endpointUrl ??
    env.AWS_ENDPOINT_URL_SECRETS_MANAGER ??
    env.AWS_ENDPOINT_URL ??
    config?.get('endpoint_url') ??
    `https://secretsmanager.${region}.amazonaws.com`;
  return {
    credentials: { accessKeyId, secretAccessKey, sessionToken },
    region,
    endpoint: endpoint.replace(/\/+$/, ''),
  };
}
