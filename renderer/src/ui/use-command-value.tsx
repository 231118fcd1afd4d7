import { useEffect, useState } from 'react';
import type { CommandResult } from '../../../shared/api/errors';
import { runCommand } from '../commands/run-command';
import { useTranslation } from 'react-i18next';

/**
 * Loads one value with a command when the screen opens. A screen that closes
 * before the answer arrives ignores it.
 */
export function useCommandValue<T>(load: () => Promise<CommandResult<T>>) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loader] = useState(() => load);
  useEffect(() => {
    let current = true;
    void runCommand(loader).then((result) => {
      if (!current) return;
      if (result.ok) setValue(result.value);
      else setError(result.message);
    });
    return () => {
      current = false;
    };
  }, [loader]);
  return { value, setValue, error };
}

/** The loading and failure lines every settings panel shows above its form. */
export function LoadState({ loading, error }: { loading: boolean; error: string | null }) {
  const { t } = useTranslation();
  if (error !== null)
    return (
      <p role="alert" className="form-error">
        {error}
      </p>
    );
  return loading ? <p aria-live="polite">{t('ui.useCommandValue.loading')}</p> : null;
}
