import { generatePassword } from '../../crypto/password.js';
import { bool, defineOperation, num, str } from './define.js';

export default defineOperation('GetRandomPassword', async (app, ctx, i) => {
  await app.authorize(ctx, { action: 'secretsmanager:GetRandomPassword', resource: '*' });
  return {
    RandomPassword: generatePassword({
      PasswordLength: num(i.PasswordLength),
      ExcludeCharacters: str(i.ExcludeCharacters),
      ExcludeNumbers: bool(i.ExcludeNumbers),
      ExcludePunctuation: bool(i.ExcludePunctuation),
      ExcludeUppercase: bool(i.ExcludeUppercase),
      ExcludeLowercase: bool(i.ExcludeLowercase),
      IncludeSpace: bool(i.IncludeSpace),
      RequireEachIncludedType: bool(i.RequireEachIncludedType),
    }),
  };
});
