import type { Filter } from '../../app/secrets/list-secrets.js';
import type { SortBy } from '../../storage/ports.js';
import { secretMetadata } from '../shapes.js';
import { bool, defineOperation, list, num, str } from './define.js';

export default defineOperation('ListSecrets', async (app, ctx, i) => {
  const r = await app.secrets.listSecrets(ctx, {
    maxResults: num(i.MaxResults),
    nextToken: str(i.NextToken),
    filters: list<Filter>(i.Filters),
    sortOrder: str(i.SortOrder) as 'asc' | 'desc' | undefined,
    sortBy: str(i.SortBy) as SortBy | undefined,
    includePlannedDeletion: bool(i.IncludePlannedDeletion),
  });
  return {
    SecretList: r.secrets.map((s) => ({ ...secretMetadata(s), SecretVersionsToStages: s.versionStages })),
    NextToken: r.nextToken,
  };
});
