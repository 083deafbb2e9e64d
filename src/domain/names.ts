/** Name rules of the console and API: 1-512 characters of ASCII letters, digits and /_+=.@- */
const NAME_RE = /^[A-Za-z0-9/_+=.@-]+$/;

export const isValidSecretName = (name: string): boolean =>
  name.length >= 1 && name.length <= 512 && NAME_RE.test(name);
