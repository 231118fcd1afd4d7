import { useId, type Ref } from 'react';
import { ROLE_KEYS, ROLES, type RoleKey } from '../../../shared/security/roles';
import { roleDescription, roleLabel } from '../identity/roles-text';
import { FieldError } from '../ui/form';
import { useTranslation } from 'react-i18next';

interface RolePickerProps {
  value: readonly RoleKey[];
  onChange(roles: RoleKey[]): void;
  error?: string | undefined;
  /** Given to the first checkbox, so react-hook-form can focus the group on an error. */
  firstInputRef?: Ref<HTMLInputElement>;
}

/** Every role as a checkbox, with its label and one-line description, in the registry's order. */
export function RolePicker({ value, onChange, error, firstInputRef }: RolePickerProps) {
  const { t } = useTranslation();
  const id = useId();
  const toggle = (role: RoleKey, checked: boolean) =>
    // Kept in registry order so the same set always reads the same way.
    onChange(ROLE_KEYS.filter((candidate) => (candidate === role ? checked : value.includes(candidate))));
  return (
    <fieldset className="role-picker" aria-describedby={error === undefined ? undefined : `${id}-error`}>
      <legend>{t('users.rolePicker.roles')}</legend>
      <ul>
        {ROLE_KEYS.map((role, index) => {
          const info = ROLES[role];
          return (
            <li key={role}>
              <input
                type="checkbox"
                id={`${id}-${role}`}
                ref={index === 0 ? firstInputRef : undefined}
                checked={value.includes(role)}
                aria-describedby={`${id}-${role}-description`}
                onChange={(event) => toggle(role, event.target.checked)}
              />
              <label htmlFor={`${id}-${role}`}>{roleLabel(role)}</label>
              <p className="hint" id={`${id}-${role}-description`}>
                {roleDescription(role)}
                {info.mfaMandatory && t('users.rolePicker.needsAnAuthenticator')}
              </p>
            </li>
          );
        })}
      </ul>
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}
