import { call } from '../api';
import { useCan } from '../lib/session';
import { useAsync } from '../lib/use-async';

type Alias = { AliasName: string };

/**
 * Suggestions for an encryption key field: the KMS aliases of this account in the region
 * (the selected one unless given; ListAliases), when this server offers KMS and the user may list them. Any key id, alias or ARN
 * can still be typed.
 */
export function KeyOptions({ id, region }: { id: string; region?: string }) {
  const can = useCan();
  const available = can('ListAliases', 'kms');
  const aliases = useAsync(
    () =>
      available
        ? call<{ Aliases?: Alias[] }>('ListAliases', { Limit: 100 }, { service: 'kms', region })
        : Promise.resolve({ Aliases: [] as Alias[] }),
    [region],
  );
  const names = (aliases.data?.Aliases ?? []).map((a) => a.AliasName);
  if (!names.includes('alias/aws/secretsmanager')) names.unshift('alias/aws/secretsmanager');
  return (
    <datalist id={id}>
      {names.map((n) => (
        <option key={n} value={n} />
      ))}
    </datalist>
  );
}
