import { translatedResolver } from '../ui/translated-resolver';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { VISIT_OUTCOMES, visitsContract, type VisitStage, type VisitView } from '../../../shared/api/visits';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { TextField } from '../ui/form';
import { RadioGroup, RefusalMessage, refusalOf, type Refusal } from './clinical-ui';
import { outcomeLabel, stageLabel } from './clinical-text';
import { useVisitStore } from './visit-store';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { issueText } from '../i18n/validation';

type MoveTarget = Exclude<VisitStage, 'done'>;

/**
 * Buttons that move the visit to another stage (visits.moveStage). Afterwards
 * the user is back at the queue for the next patient, told where this one went.
 */
export function MoveStageButtons({
  visit,
  patientName,
  targets,
  primary,
}: {
  visit: VisitView;
  patientName: string;
  targets: readonly MoveTarget[];
  primary?: MoveTarget;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const putVisit = useVisitStore((store) => store.putVisit);
  const [moving, setMoving] = useState<MoveTarget | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const move = async (stage: MoveTarget) => {
    setMoving(stage);
    setRefusal(null);
    const result = await runCommand(() => clinic().visits.moveStage({ visitId: visit.id, stage }));
    setMoving(null);
    if (!result.ok) {
      setRefusal({ message: result.message, code: result.code });
      return;
    }
    putVisit(result.value);
    void navigate('/queue', {
      state: {
        notice: t('clinical.visitActions.nowWaiting', { name: patientName, stage: stageLabel(stage).toLowerCase() }),
      },
    });
  };

  const shown = targets.filter((stage) => stage !== visit.stage);
  if (shown.length === 0) return null;
  return (
    <div className="stage-actions">
      <div className="actions">
        {shown.map((stage) => (
          <button
            key={stage}
            type="button"
            className={stage === primary ? undefined : 'secondary'}
            disabled={moving !== null}
            onClick={() => void move(stage)}
          >
            {moving === stage ? t('clinical.visitActions.sending') : t(`clinical.visitActions.send.${stage}`)}
          </button>
        ))}
      </div>
      <RefusalMessage refusal={refusal} />
    </div>
  );
}

const outcomeOptions = () => VISIT_OUTCOMES.map((outcome) => ({ value: outcome, label: outcomeLabel(outcome) }));

interface CloseEntry {
  outcome: (typeof VISIT_OUTCOMES)[number] | '';
  destination: string;
}

/** The contract's input for what was chosen; the destination only for a referral. */
function toCloseInput(visitId: string, entry: CloseEntry): z.input<(typeof visitsContract)['visits.close']['input']> {
  return entry.outcome === 'referred_out'
    ? { visitId, outcome: 'referred_out', destination: entry.destination }
    : { visitId, outcome: entry.outcome === '' ? 'discharged' : entry.outcome };
}

function closeForm(visitId: string) {
  return z.object({ outcome: z.enum([...VISIT_OUTCOMES, '']), destination: z.string() }).superRefine((entry, ctx) => {
    if (entry.outcome === '') {
      ctx.addIssue({ code: 'custom', message: i18n.t('clinical.visitActions.chooseOutcome'), path: ['outcome'] });
      return;
    }
    const parsed = visitsContract['visits.close'].input.safeParse(toCloseInput(visitId, entry));
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] === 'destination' ? 'destination' : 'outcome';
      ctx.addIssue({ code: 'custom', message: issueText(issue), path: [field] });
    }
  });
}

/**
 * Closes the visit with its outcome (visits.close); a referral names where the
 * patient goes. The closed visit stays on screen, so the user sees it is done.
 */
export function CloseVisitForm({
  visit,
  onCancel,
  onClosed,
}: {
  visit: VisitView;
  onCancel(): void;
  onClosed(visit: VisitView): void;
}) {
  const { t } = useTranslation();
  const putVisit = useVisitStore((store) => store.putVisit);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [schema] = useState(() => closeForm(visit.id));
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CloseEntry>({ resolver: translatedResolver(schema), defaultValues: { outcome: '', destination: '' } });
  const outcome = useWatch({ control, name: 'outcome' });

  const submit = async (entry: CloseEntry) => {
    setRefusal(null);
    const result = await runCommand(() => clinic().visits.close(toCloseInput(visit.id, entry)));
    if (!result.ok) {
      setRefusal(refusalOf(result, setError, ['outcome', 'destination']));
      return;
    }
    putVisit(result.value);
    onClosed(result.value);
  };

  return (
    <form
      className="panel close-visit"
      aria-labelledby="close-visit-title"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h2 id="close-visit-title">{t('clinical.visitActions.closeTheVisit')}</h2>
      <RadioGroup
        legend={t('clinical.visitActions.outcome')}
        registration={register('outcome')}
        options={outcomeOptions()}
        error={errors.outcome?.message}
        className="choice-row"
      />
      {outcome === 'referred_out' && (
        <TextField
          label={t('clinical.visitActions.referredTo')}
          hint={t('clinical.visitActions.theFacilityThePatientIs')}
          registration={register('destination')}
          error={errors.destination?.message}
          maxLength={120}
          autoComplete="off"
          autoFocus
        />
      )}
      {outcome === 'died' && <p className="warning">{t('clinical.visitActions.theVisitWillBeRecorded')}</p>}
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" className={outcome === 'died' ? 'danger' : undefined} disabled={isSubmitting}>
          {isSubmitting
            ? t('clinical.visitActions.closing')
            : outcome === 'died'
              ? t('clinical.visitActions.recordDeathAndClose')
              : t('clinical.visitActions.closeVisit')}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t('clinical.visitActions.keepOpen')}
        </button>
      </div>
    </form>
  );
}
