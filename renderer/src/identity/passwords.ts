import type { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../../shared/api/identity';
import { i18n } from '../i18n';

/** What core's password policy asks for, said before the user types rather than after a refusal. */
export function newPasswordHint(): string {
  return i18n.t('identity.passwords.hint', { min: MIN_PASSWORD_LENGTH });
}

export function mismatchMessage(): string {
  return i18n.t('identity.passwords.mismatch');
}

/**
 * Adds "type it again" checking to a form schema. `when: () => true` runs the
 * check even while other fields are still invalid, so the mismatch shows with
 * the other errors instead of only after they are fixed; form values are
 * always strings, so comparing them is safe.
 */
export function confirmed<S extends z.ZodObject>(
  schema: S,
  passwordField: keyof z.output<S> & string,
  confirmationField: keyof z.output<S> & string,
): S {
  return schema.refine((values: Record<string, unknown>) => values[passwordField] === values[confirmationField], {
    path: [confirmationField],
    error: mismatchMessage,
    when: () => true,
  });
}

const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A random temporary password an admin can read out: 4 groups of 4 from an
 * alphabet without look-alike characters (about 91 bits). Rejection sampling
 * keeps every character equally likely.
 */
export function suggestTemporaryPassword(): string {
  const characters: string[] = [];
  const limit = 256 - (256 % PASSWORD_ALPHABET.length);
  while (characters.length < 16) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      if (byte < limit && characters.length < 16)
        characters.push(PASSWORD_ALPHABET[byte % PASSWORD_ALPHABET.length] ?? '');
    }
  }
  return [0, 4, 8, 12].map((start) => characters.slice(start, start + 4).join('')).join('-');
}
