import { translatedResolver } from '../ui/translated-resolver';
import { useCallback, useRef, useState, type Ref } from 'react';
import {
  Controller,
  useForm,
  useWatch,
  type Control,
  type FieldErrors,
  type FieldValues,
  type UseFormRegister,
} from 'react-hook-form';
import type { DiagnosisView } from '../../../shared/api/diagnoses';
import { SENSITIVITY_CATEGORIES, SENSITIVITY_PERMISSION, type Sensitivity } from '../../../shared/security/sensitivity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan, useIdentityStore, useSignedIn } from '../identity/identity-store';
import { Notice, SelectField, TextField } from '../ui/form';
import { formatClock } from '../ui/local-time';
import { RadioGroup, RefusalMessage, mergeRefs, refusalOf, type Refusal } from './clinical-ui';
import { byText, sensitivityLabel, sensitivityTag } from './clinical-text';
import {
  DIAGNOSIS_FIELDS,
  EMPTY_DIAGNOSIS,
  diagnosisCorrectionForm,
  diagnosisForm,
  onDiagnosisFields,
  retractForm,
  toDiagnosisInput,
  type DiagnosisCorrectionEntry,
  type DiagnosisEntry,
} from './diagnosis-form';
import { DiagnosisPicker, type ChosenDiagnosis } from './DiagnosisPicker';
import { useVisitStore } from './visit-store';
import { whenText } from './VitalsReadings';
import { Trans, useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

const kindOptions = () =>
  [
    { value: 'coded', label: i18n.t('clinical.diagnosesPanel.kind.coded') },
    { value: 'free_text', label: i18n.t('clinical.diagnosesPanel.kind.free_text') },
  ] as const;

const episodeOptions = () =>
  [
    { value: 'new', label: i18n.t('clinical.diagnosesPanel.episodeOption.new') },
    { value: 'repeat', label: i18n.t('clinical.diagnosesPanel.episodeOption.repeat') },
  ] as const;

/** The sensitivity choices in the UI language: "Not sensitive", "HIV — restricted", … */
export function sensitivityOptions() {
  return SENSITIVITY_CATEGORIES.map((category) => ({
    value: category,
    label: sensitivityTag(category) ?? sensitivityLabel(category),
  }));
}

/** Whether the signed-in user may see records of a category; if not, what they save disappears from their view. */
export function useSeesCategory(): (category: Sensitivity) => boolean {
  const permissions = useIdentityStore((store) =>
    store.session?.signedIn === true ? store.session.permissions : null,
  );
  return (category) => category === 'none' || (permissions ?? []).includes(SENSITIVITY_PERMISSION[category]);
}

/** Said before saving a record of a category the user cannot see. */
export function HiddenAfterSaving({ category }: { category: Sensitivity }) {
  const { t } = useTranslation();
  const sees = useSeesCategory();
  if (sees(category)) return null;
  return (
    <p className="warning">
      {t('clinical.diagnosesPanel.yourRoleCannotSeeRecords', { value: sensitivityLabel(category) })}
    </p>
  );
}

interface DiagnosisFieldsProps<T extends DiagnosisEntry & FieldValues, O> {
  register: UseFormRegister<T>;
  control: Control<T, unknown, O>;
  errors: FieldErrors<T>;
  chosen: ChosenDiagnosis | null;
  onChoose(diagnosis: ChosenDiagnosis | null): void;
  pickerRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  shortcut?: string;
}

/** The fields shared by recording and correcting: a list entry or free text (with its category), and the episode. */
function DiagnosisFields<T extends DiagnosisEntry & FieldValues, O>(props: DiagnosisFieldsProps<T, O>) {
  const { t } = useTranslation();
  // Both forms hold these fields under these names; the correction adds only its reason.
  const register = props.register as unknown as UseFormRegister<DiagnosisEntry>;
  const control = props.control as unknown as Control<DiagnosisEntry>;
  const errors = props.errors as FieldErrors<DiagnosisEntry>;
  const { chosen, onChoose, pickerRef, autoFocus, shortcut } = props;
  const kind = useWatch({ control, name: 'kind' });
  const sensitivity = useWatch({ control, name: 'sensitivity' });
  return (
    <>
      <RadioGroup
        legend={t('clinical.diagnosesPanel.diagnosis')}
        registration={register('kind')}
        options={kindOptions()}
        className="choice-row"
      />
      {kind === 'coded' ? (
        <Controller
          control={control}
          name="code"
          render={({ field, fieldState }) => (
            <DiagnosisPicker
              label={t('clinical.diagnosesPanel.searchTheDiagnosisList')}
              value={chosen}
              onChange={(diagnosis) => {
                onChoose(diagnosis);
                field.onChange(diagnosis?.code ?? '');
              }}
              error={fieldState.error?.message}
              inputRef={pickerRef ?? field.ref}
              shortcut={shortcut}
              autoFocus={autoFocus}
            />
          )}
        />
      ) : (
        <div className="field-pair dx-free">
          <TextField
            label={t('clinical.diagnosesPanel.diagnosisInYourWords')}
            registration={register('text')}
            error={errors.text?.message}
            maxLength={200}
            autoComplete="off"
            autoFocus
          />
          <SelectField
            label={t('clinical.diagnosesPanel.sensitivity')}
            registration={register('sensitivity')}
            options={sensitivityOptions()}
            placeholder={t('clinical.diagnosesPanel.choose')}
            error={errors.sensitivity?.message}
          />
        </div>
      )}
      <HiddenAfterSaving category={kind === 'coded' ? (chosen?.sensitivity ?? 'none') : sensitivity} />
      <RadioGroup
        legend={t('clinical.diagnosesPanel.episode')}
        registration={register('episode')}
        options={episodeOptions()}
        error={errors.episode?.message}
        className="choice-row"
      />
    </>
  );
}

/**
 * Diagnoses of the visit: record one (diagnoses.record), from the list or as
 * free text; correct or retract one (diagnoses.amend). Corrected and
 * retracted diagnoses stay in the list, struck through.
 */
export function DiagnosesPanel({
  visitId,
  diagnoses,
  visitOpen,
  pickerRef,
}: {
  visitId: string;
  diagnoses: readonly DiagnosisView[];
  visitOpen: boolean;
  pickerRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const canRecord = useCan('diagnoses.record');
  return (
    <section className="panel" aria-labelledby="diagnoses-title">
      <h2 id="diagnoses-title">{t('clinical.diagnosesPanel.diagnoses')}</h2>
      <DiagnosisList diagnoses={diagnoses} />
      {canRecord && visitOpen && <RecordDiagnosisForm visitId={visitId} pickerRef={pickerRef} />}
    </section>
  );
}

function RecordDiagnosisForm({
  visitId,
  pickerRef,
}: {
  visitId: string;
  pickerRef?: Ref<HTMLInputElement> | undefined;
}) {
  const { t } = useTranslation();
  const putDiagnosis = useVisitStore((store) => store.putDiagnosis);
  const [chosen, setChosen] = useState<ChosenDiagnosis | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const ownPicker = useRef<HTMLInputElement | null>(null);
  const setPicker = useCallback(
    (element: HTMLInputElement | null) => mergeRefs(ownPicker, pickerRef)(element),
    [pickerRef],
  );
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<DiagnosisEntry>({ resolver: translatedResolver(diagnosisForm), defaultValues: EMPTY_DIAGNOSIS });

  const submit = async (entry: DiagnosisEntry) => {
    setRefusal(null);
    setNotice(null);
    const result = await runCommand(() => clinic().diagnoses.record({ visitId, ...toDiagnosisInput(entry) }));
    if (!result.ok) {
      setRefusal(refusalOf(onDiagnosisFields(result), setError, DIAGNOSIS_FIELDS));
      return;
    }
    putDiagnosis(result.value);
    setChosen(null);
    reset({ ...EMPTY_DIAGNOSIS, episode: entry.episode });
    setNotice(t('clinical.diagnosesPanel.recorded', { label: result.value.label }));
    window.setTimeout(() => ownPicker.current?.focus(), 0);
  };

  return (
    <form
      className="stack dx-form"
      aria-label={t('clinical.diagnosesPanel.recordADiagnosis')}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h3>{t('clinical.diagnosesPanel.recordADiagnosis')}</h3>
      <DiagnosisFields
        register={register}
        control={control}
        errors={errors}
        chosen={chosen}
        onChoose={setChosen}
        pickerRef={setPicker}
        shortcut="Alt+D"
      />
      <Notice message={notice} />
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('clinical.diagnosesPanel.saving') : t('clinical.diagnosesPanel.recordDiagnosis')}
        </button>
      </div>
    </form>
  );
}

/** The diagnosis that replaced this one, if any: a correction, or the retraction of it. */
function replacementOf(diagnosis: DiagnosisView, byId: ReadonlyMap<string, DiagnosisView>): DiagnosisView | null {
  return diagnosis.supersededBy === null ? null : (byId.get(diagnosis.supersededBy) ?? null);
}

function DiagnosisList({ diagnoses }: { diagnoses: readonly DiagnosisView[] }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const byId = new Map(diagnoses.map((diagnosis) => [diagnosis.id, diagnosis]));
  // A retraction is shown on the diagnosis it retracts, not as a row of its own.
  const shown = diagnoses.filter((diagnosis) => diagnosis.status === 'active');
  if (shown.length === 0) return <p className="muted">{t('clinical.diagnosesPanel.noDiagnosisRecordedForThis')}</p>;
  return (
    <ol className="record-list" aria-label={t('clinical.diagnosesPanel.recordedDiagnoses')}>
      {shown.map((diagnosis) => (
        <DiagnosisItem
          key={diagnosis.id}
          diagnosis={diagnosis}
          replacement={replacementOf(diagnosis, byId)}
          corrects={diagnosis.supersedesId === null ? null : (byId.get(diagnosis.supersedesId) ?? null)}
          by={byText(diagnosis.recordedBy, diagnosis.recordedByName, session?.user.id)}
        />
      ))}
    </ol>
  );
}

type Editing = 'correct' | 'retract' | null;

function DiagnosisItem({
  diagnosis,
  replacement,
  corrects,
  by,
}: {
  diagnosis: DiagnosisView;
  replacement: DiagnosisView | null;
  corrects: DiagnosisView | null;
  /** " by you", " by <name>" or nothing. */
  by: string;
}) {
  const { t } = useTranslation();
  const canAmend = useCan('diagnoses.amend');
  const [editing, setEditing] = useState<Editing>(null);
  const superseded = replacement !== null;
  const retracted = replacement?.status === 'retracted';
  const tag = sensitivityTag(diagnosis.sensitivity);
  return (
    <li
      className={superseded ? 'record record-superseded' : 'record'}
      data-testid="diagnosis"
      aria-label={
        retracted
          ? t('clinical.diagnosesPanel.labelRetracted', { label: diagnosis.label })
          : superseded
            ? t('clinical.diagnosesPanel.labelCorrected', { label: diagnosis.label })
            : diagnosis.label
      }
    >
      <p className="record-title">
        {superseded ? (
          <del className="dx-label">{diagnosis.label}</del>
        ) : (
          <span className="dx-label">{diagnosis.label}</span>
        )}
        {diagnosis.icd10.length > 0 && <span className="dx-icd mono">{diagnosis.icd10.join(', ')}</span>}
        {diagnosis.code === null && <span className="tag tag-muted">{t('clinical.diagnosesPanel.freeText')}</span>}
        <span className="tag tag-muted">
          {diagnosis.episode === 'new' ? t('clinical.diagnosesPanel.newEpisode') : t('clinical.diagnosesPanel.repeat')}
        </span>
        {tag !== null && <span className="tag tag-sensitive">{tag}</span>}
        {retracted && <span className="tag tag-revoked">{t('clinical.diagnosesPanel.retracted')}</span>}
        {superseded && !retracted && <span className="tag tag-muted">{t('clinical.diagnosesPanel.corrected')}</span>}
      </p>
      <p className="record-meta">
        {whenText(diagnosis.recordedAt)}
        {by}
        {corrects !== null && (
          <span className="record-reason">
            {t('clinical.diagnosesPanel.corrects', { label: corrects.label })}
            {diagnosis.amendmentReason !== null && <>: {diagnosis.amendmentReason}</>}
          </span>
        )}
        {retracted && replacement.amendmentReason !== null && (
          <span className="record-reason">
            {t('clinical.diagnosesPanel.retractedAt', {
              recordedAt: formatClock(replacement.recordedAt),
              amendmentReason: replacement.amendmentReason,
            })}
          </span>
        )}
      </p>
      {!superseded && canAmend && editing === null && (
        <div className="actions record-actions">
          <button type="button" className="secondary small" onClick={() => setEditing('correct')}>
            {t('clinical.diagnosesPanel.correct')}
            <span className="visually-hidden"> {diagnosis.label}</span>
          </button>
          <button type="button" className="danger-outline small" onClick={() => setEditing('retract')}>
            {t('clinical.diagnosesPanel.retract')}
            <span className="visually-hidden"> {diagnosis.label}</span>
          </button>
        </div>
      )}
      {editing === 'correct' && <CorrectDiagnosisForm diagnosis={diagnosis} onDone={() => setEditing(null)} />}
      {editing === 'retract' && <RetractDiagnosisForm diagnosis={diagnosis} onDone={() => setEditing(null)} />}
    </li>
  );
}

function CorrectDiagnosisForm({ diagnosis, onDone }: { diagnosis: DiagnosisView; onDone(): void }) {
  const { t } = useTranslation();
  const putDiagnosis = useVisitStore((store) => store.putDiagnosis);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [chosen, setChosen] = useState<ChosenDiagnosis | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<DiagnosisCorrectionEntry>({
    resolver: translatedResolver(diagnosisCorrectionForm),
    defaultValues: {
      ...EMPTY_DIAGNOSIS,
      kind: diagnosis.code === null ? 'free_text' : 'coded',
      text: diagnosis.code === null ? diagnosis.label : '',
      sensitivity: diagnosis.sensitivity,
      episode: diagnosis.episode,
      reason: '',
    },
  });

  const submit = async (entry: DiagnosisCorrectionEntry) => {
    setRefusal(null);
    const result = await runCommand(() =>
      clinic().diagnoses.amend({
        diagnosisId: diagnosis.id,
        correction: toDiagnosisInput(entry),
        reason: entry.reason,
      }),
    );
    if (!result.ok) {
      setRefusal(refusalOf(onDiagnosisFields(result), setError, [...DIAGNOSIS_FIELDS, 'reason']));
      return;
    }
    putDiagnosis(result.value);
    onDone();
  };

  return (
    <form
      className="stack correction-form"
      aria-label={t('clinical.diagnosesPanel.correct2', { label: diagnosis.label })}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <p className="hint">
        <Trans
          i18nKey="clinical.diagnosesPanel.correcting"
          values={{ label: diagnosis.label }}
          components={{ strong: <strong /> }}
        />
      </p>
      <DiagnosisFields
        register={register}
        control={control}
        errors={errors}
        chosen={chosen}
        onChoose={setChosen}
        autoFocus
      />
      <TextField
        label={t('clinical.diagnosesPanel.whyIsItCorrected')}
        registration={register('reason')}
        error={errors.reason?.message}
        maxLength={300}
        autoComplete="off"
      />
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('clinical.diagnosesPanel.saving') : t('clinical.diagnosesPanel.saveCorrection')}
        </button>
        <button type="button" className="secondary" onClick={onDone} disabled={isSubmitting}>
          {t('clinical.diagnosesPanel.cancel')}
        </button>
      </div>
    </form>
  );
}

function RetractDiagnosisForm({ diagnosis, onDone }: { diagnosis: DiagnosisView; onDone(): void }) {
  const { t } = useTranslation();
  const putDiagnosis = useVisitStore((store) => store.putDiagnosis);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<{ reason: string }>({ resolver: translatedResolver(retractForm), defaultValues: { reason: '' } });

  const submit = async ({ reason }: { reason: string }) => {
    setRefusal(null);
    const result = await runCommand(() =>
      clinic().diagnoses.amend({ diagnosisId: diagnosis.id, correction: null, reason }),
    );
    if (!result.ok) {
      setRefusal(refusalOf(onDiagnosisFields(result), setError, ['reason']));
      return;
    }
    putDiagnosis(result.value);
    onDone();
  };

  return (
    <form
      className="stack correction-form confirm"
      aria-label={t('clinical.diagnosesPanel.retract3', { label: diagnosis.label })}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <p>
        <Trans
          i18nKey="clinical.diagnosesPanel.retractQuestion"
          values={{ label: diagnosis.label }}
          components={{ strong: <strong /> }}
        />
      </p>
      <TextField
        label={t('clinical.diagnosesPanel.whyIsItRetracted')}
        registration={register('reason')}
        error={errors.reason?.message}
        maxLength={300}
        autoComplete="off"
        autoFocus
      />
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" className="danger" disabled={isSubmitting}>
          {isSubmitting ? t('clinical.diagnosesPanel.retracting') : t('clinical.diagnosesPanel.retractDiagnosis')}
        </button>
        <button type="button" className="secondary" onClick={onDone} disabled={isSubmitting}>
          {t('clinical.diagnosesPanel.keepIt')}
        </button>
      </div>
    </form>
  );
}
