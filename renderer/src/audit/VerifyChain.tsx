import { useState } from 'react';
import type { z } from 'zod';
import type { verifyOutput } from '../../../shared/api/audit';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { formatDateTimeSeconds } from '../ui/local-time';
import { useTranslation } from 'react-i18next';

type ChainReport = z.infer<typeof verifyOutput>;

const BREAK_REASON = {
  altered: 'its content was changed after it was written',
  'broken-link': 'it does not follow on from the entry before it (an entry was removed or inserted)',
} as const;

export interface ChainVerification {
  checking: boolean;
  report: ChainReport | null;
  error: string | null;
  verify(): Promise<void>;
}

/** audit.verify: walks every workstation's hash chain; the screen shows the button and the answer apart. */
export function useChainVerification(): ChainVerification {
  const [checking, setChecking] = useState(false);
  const [report, setReport] = useState<ChainReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verify = async () => {
    setChecking(true);
    setError(null);
    setReport(null);
    const result = await runCommand(() => clinic().audit.verify({}));
    setChecking(false);
    if (result.ok) setReport(result.value);
    else setError(result.message);
  };
  return { checking, report, error, verify };
}

/** "Intact — N entries checked", or where the first break is and what kind it is. */
export function ChainReportView({ verification }: { verification: ChainVerification }) {
  const { t } = useTranslation();
  const { report, error } = verification;
  return (
    <div aria-live="polite" data-testid="verify-result">
      {report?.intact === true && (
        <p className="notice verify-ok">
          <strong>{t('audit.verifyChain.intact')}</strong>
          {t('audit.verifyChain.checkedNoEntryWasChanged', { count: report.checked })}
        </p>
      )}
      {report !== null && !report.intact && (
        <p className="form-error" role="alert">
          <strong>{t('audit.verifyChain.broken')}</strong>
          {report.firstBreak === null ? (
            t('audit.verifyChain.theAuditTrailDoesNot')
          ) : (
            <>
              {t('audit.verifyChain.atEntry')}
              <span className="mono">{report.firstBreak.entryId}</span>
              {t('audit.verifyChain.ofWorkstation')}
              <span className="mono">{report.firstBreak.workstationId}</span>
              {t('audit.verifyChain.written', {
                occurredAt: formatDateTimeSeconds(report.firstBreak.occurredAt),
                value: BREAK_REASON[report.firstBreak.reason],
              })}
            </>
          )}
          {t('audit.verifyChain.entriesCheckedUpToThere', { checked: report.checked })}
        </p>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
