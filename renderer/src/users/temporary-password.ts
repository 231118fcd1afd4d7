import { i18n } from '../i18n';

/** The hint under a temporary password field, in the UI language (read when shown, so it follows a switch). */
export function temporaryPasswordHint(): string {
  return i18n.t('users.temporaryPassword.hint');
}
