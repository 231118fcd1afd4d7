import { translatedResolver } from '../ui/translated-resolver';
import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { prescriptionsContract, type PrescriptionView } from '../../../shared/api/prescriptions';
import type { Drug } from '../../../shared/api/reference';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { Notice, SelectField, TextField } from '../ui/form';
import { RefusalMessage, refusalOf, useByText, type Refusal } from './clinical-ui';
import { sensitivityTag } from './clinical-text';
import { HiddenAfterSaving } from './DiagnosesPanel';
import {
  dispensingLabel,
  EMPTY_PRESCRIPTION,
  frequencyOptions,
  PRESCRIPTION_FIELDS,
  drugText,
  prescriptionForm,
  regimenText,
  suggestedQuantity,
  toPrescribeInput,
  unitCount,
  type PrescriptionEntry,
  routeLabel,
} from './prescription-form';
import { SearchPicker } from './SearchPicker';
import { useVisitStore } from './visit-store';
import { whenText } from './VitalsReadings';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

const searchFormulary = (query: string) => clinic().reference.searchFormulary({ query });

function DrugLabel({ drug }: { drug: Drug }) {
  const tag = sensitivityTag(drug.sensitivity);
  return (
    <>
      <span className="dx-label">{drug.name}</span>
      <span>
        {drug.strength} {drug.form}
      </span>
      <span className="dx-icd">{drug.category}</span>
      {tag !== null && <span className="tag tag-sensitive">{tag}</span>}
    </>
  );
}

/** The dispensing state of a prescription as a tag: "Partly dispensed: 12 of 24 tablets". */
export function DispensingTag({ prescription }: { prescription: PrescriptionView }) {
  const { t } = useTranslation();
  if (prescription.status === 'cancelled')
    return <span className="tag tag-revoked">{t('clinical.prescriptionsPanel.cancelled')}</span>;
  const { dispensingState, dispensedQuantity, quantity, unit } = prescription;
  const tone =
    dispensingState === 'complete'
      ? 'tag-ok'
      : dispensingState === 'stock_out'
        ? 'tag-alert'
        : dispensingState === 'partial'
          ? 'tag-warning'
          : 'tag-muted';
  const text =
    dispensingState === 'partial'
      ? i18n.t('clinical.prescriptionForm.partlyDispensed', {
          dispensed: dispensedQuantity,
          total: unitCount(quantity, unit),
        })
      : dispensingLabel(dispensingState);
  return <span className={`tag ${tone}`}>{text}</span>;
}

/** One prescription: the medicine, how it is taken, how much, and how far dispensing has gone. */
export function PrescriptionSummary({ prescription }: { prescription: PrescriptionView }) {
  const { t } = useTranslation();
  const tag = sensitivityTag(prescription.sensitivity);
  const cancelled = prescription.status === 'cancelled';
  const name = drugText({ name: prescription.drugName, strength: prescription.strength, form: prescription.form });
  return (
    <>
      <p className="record-title">
        {cancelled ? <del className="dx-label">{name}</del> : <span className="dx-label">{name}</span>}
        {tag !== null && <span className="tag tag-sensitive">{tag}</span>}
        <DispensingTag prescription={prescription} />
      </p>
      <p className="record-body">
        {regimenText(prescription)} · <strong>{unitCount(prescription.quantity, prescription.unit)}</strong>
      </p>
      {prescription.instructions !== null && <p className="record-meta">{prescription.instructions}</p>}
      {cancelled && prescription.cancelReason !== null && (
        <p className="record-meta">
          <span className="record-reason">
            {t('clinical.prescriptionsPanel.cancelled2', { cancelReason: prescription.cancelReason })}
          </span>
        </p>
      )}
    </>
  );
}

/**
 * The visit's prescriptions (prescriptions.read): prescribe from the formulary
 * (prescriptions.create), cancel one that nothing was dispensed of yet.
 */
export function PrescriptionsPanel({
  visitId,
  prescriptions,
  visitOpen,
}: {
  visitId: string;
  prescriptions: readonly PrescriptionView[];
  visitOpen: boolean;
}) {
  const { t } = useTranslation();
  const canPrescribe = useCan('prescriptions.create');
  return (
    <section className="panel" aria-labelledby="prescriptions-title">
      <h2 id="prescriptions-title">{t('clinical.prescriptionsPanel.prescriptions')}</h2>
      {prescriptions.length === 0 ? (
        <p className="muted">{t('clinical.prescriptionsPanel.nothingPrescribedThisVisit')}</p>
      ) : (
        <ol className="record-list" aria-label={t('clinical.prescriptionsPanel.prescribedThisVisit')}>
          {prescriptions.map((prescription) => (
            <PrescriptionItem key={prescription.id} prescription={prescription} />
          ))}
        </ol>
      )}
      {canPrescribe && visitOpen && <PrescribeForm visitId={visitId} />}
    </section>
  );
}

function PrescriptionItem({ prescription }: { prescription: PrescriptionView }) {
  const { t } = useTranslation();
  const canCancel = useCan('prescriptions.cancel');
  const by = useByText();
  const [cancelling, setCancelling] = useState(false);
  const cancellable = prescription.status === 'active' && prescription.dispensedQuantity === 0;
  return (
    <li
      className={prescription.status === 'cancelled' ? 'record record-superseded' : 'record'}
      data-testid="prescription"
      aria-label={prescription.drugName}
    >
      <PrescriptionSummary prescription={prescription} />
      <p className="record-meta">
        {t('clinical.prescriptionsPanel.prescribed', {
          prescribedAt: whenText(prescription.prescribedAt),
          prescribedBy: by(prescription.prescribedBy, prescription.prescribedByName),
        })}
      </p>
      {canCancel && cancellable && !cancelling && (
        <button type="button" className="danger-outline small" onClick={() => setCancelling(true)}>
          {t('clinical.prescriptionsPanel.cancelPrescription')}
          <span className="visually-hidden">
            {t('clinical.prescriptionsPanel.of', { drugName: prescription.drugName })}
          </span>
        </button>
      )}
      {cancelling && <CancelPrescriptionForm prescription={prescription} onDone={() => setCancelling(false)} />}
    </li>
  );
}

const cancelReason = prescriptionsContract['prescriptions.cancel'].input.shape.reason;

function CancelPrescriptionForm({ prescription, onDone }: { prescription: PrescriptionView; onDone(): void }) {
  const { t } = useTranslation();
  const putPrescription = useVisitStore((store) => store.putPrescription);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);

  const cancel = async () => {
    const parsed = cancelReason.safeParse(reason);
    if (!parsed.success) {
      setError(t('clinical.prescriptionForm.sayWhyCancelled'));
      return;
    }
    setBusy(true);
    setRefusal(null);
    const result = await runCommand(() =>
      clinic().prescriptions.cancel({ prescriptionId: prescription.id, reason: parsed.data }),
    );
    setBusy(false);
    if (!result.ok) {
      setRefusal({ message: result.message, code: result.code });
      return;
    }
    putPrescription(result.value);
    onDone();
  };

  return (
    <form
      className="stack correction-form confirm"
      aria-label={t('clinical.prescriptionsPanel.cancel', { drugName: prescription.drugName })}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void cancel();
      }}
    >
      <div className="field">
        <label htmlFor={`cancel-${prescription.id}`}>{t('clinical.prescriptionsPanel.whyIsItCancelled')}</label>
        <input
          id={`cancel-${prescription.id}`}
          autoFocus
          maxLength={200}
          autoComplete="off"
          value={reason}
          aria-invalid={error !== undefined}
          onChange={(event) => {
            setReason(event.target.value);
            setError(undefined);
          }}
        />
        {error !== undefined && <p className="field-error">{error}</p>}
      </div>
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" className="danger" disabled={busy}>
          {busy ? t('clinical.prescriptionsPanel.cancelling') : t('clinical.prescriptionsPanel.cancelPrescription')}
        </button>
        <button type="button" className="secondary" onClick={onDone} disabled={busy}>
          {t('clinical.prescriptionsPanel.keepIt')}
        </button>
      </div>
    </form>
  );
}

function PrescribeForm({ visitId }: { visitId: string }) {
  const { t } = useTranslation();
  const putPrescription = useVisitStore((store) => store.putPrescription);
  const [drug, setDrug] = useState<Drug | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<PrescriptionEntry>({ resolver: translatedResolver(prescriptionForm), defaultValues: EMPTY_PRESCRIPTION });
  const [dose, frequency, durationDays] = useWatch({ control, name: ['dose', 'frequency', 'durationDays'] });
  const suggestion = suggestedQuantity(drug, { dose, frequency, durationDays });

  const submit = async (entry: PrescriptionEntry) => {
    setRefusal(null);
    setNotice(null);
    const result = await runCommand(() => clinic().prescriptions.create({ visitId, ...toPrescribeInput(entry) }));
    if (!result.ok) {
      setRefusal(refusalOf(result, setError, PRESCRIPTION_FIELDS));
      return;
    }
    putPrescription(result.value);
    setDrug(null);
    reset(EMPTY_PRESCRIPTION);
    setNotice(
      t('clinical.prescriptionForm.prescribed', {
        drug: result.value.drugName,
        quantity: unitCount(result.value.quantity, result.value.unit),
      }),
    );
  };

  return (
    <form
      className="stack dx-form"
      aria-label={t('clinical.prescriptionsPanel.prescribe')}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h3>{t('clinical.prescriptionsPanel.prescribe')}</h3>
      <Controller
        control={control}
        name="drugCode"
        render={({ field, fieldState }) => (
          <SearchPicker<Drug, Drug>
            label={t('clinical.prescriptionsPanel.medicineFromTheFormulary')}
            prompt={t('clinical.prescriptionsPanel.typeAtLeastTwoLetters')}
            nothingFound={t('clinical.prescriptionsPanel.nothingInTheFormularyMatches')}
            search={searchFormulary}
            keyOf={(item) => item.code}
            renderItem={(item) => <DrugLabel drug={item} />}
            value={drug}
            renderChosen={(item) => <DrugLabel drug={item} />}
            onChange={(item) => {
              setDrug(item);
              field.onChange(item?.code ?? '');
              const firstRoute = item?.routes[0];
              setValue(
                'route',
                item !== null && item.routes.length === 1 && firstRoute !== undefined ? firstRoute : '',
              );
            }}
            error={fieldState.error?.message}
            inputRef={field.ref}
            testId="chosen-drug"
          />
        )}
      />
      <HiddenAfterSaving category={drug?.sensitivity ?? 'none'} />
      <div className="rx-grid">
        <TextField
          label={t('clinical.prescriptionsPanel.dose')}
          hint={
            drug === null
              ? t('clinical.prescriptionsPanel.eG2Tablets5')
              : t('clinical.prescriptionsPanel.perDoseEG1', { unit: drug.unit })
          }
          registration={register('dose')}
          error={errors.dose?.message}
          maxLength={60}
          autoComplete="off"
        />
        <SelectField
          // The routes depend on the medicine: a new list shows the route already chosen for it.
          key={drug?.code ?? 'none'}
          label={t('clinical.prescriptionsPanel.route')}
          registration={register('route')}
          options={(drug?.routes ?? []).map((route) => ({ value: route, label: routeLabel(route) }))}
          placeholder={t('clinical.prescriptionsPanel.choose')}
          error={errors.route?.message}
        />
        <SelectField
          label={t('clinical.prescriptionsPanel.howOften')}
          registration={register('frequency')}
          options={frequencyOptions()}
          placeholder={t('clinical.prescriptionsPanel.choose')}
          error={errors.frequency?.message}
        />
        <TextField
          label={t('clinical.prescriptionsPanel.days')}
          registration={register('durationDays')}
          error={errors.durationDays?.message}
          inputMode="numeric"
          maxLength={3}
          autoComplete="off"
          className="field-narrow"
        />
        <div className="rx-quantity">
          <TextField
            label={
              drug === null
                ? t('clinical.prescriptionsPanel.quantity')
                : t('clinical.prescriptionsPanel.quantityS', { unit: drug.unit })
            }
            registration={register('quantity')}
            error={errors.quantity?.message}
            inputMode="numeric"
            maxLength={4}
            autoComplete="off"
            className="field-narrow"
          />
          {suggestion !== null && (
            <button
              type="button"
              className="link-button"
              onClick={() => setValue('quantity', String(suggestion), { shouldValidate: true })}
            >
              {t('clinical.prescriptionsPanel.use', { suggestion })}
              <span className="visually-hidden">{t('clinical.prescriptionsPanel.asTheQuantity')}</span>
            </button>
          )}
        </div>
      </div>
      <TextField
        label={t('clinical.prescriptionsPanel.instructionsForThePatientOptional')}
        registration={register('instructions')}
        error={errors.instructions?.message}
        maxLength={300}
        autoComplete="off"
      />
      <Notice message={notice} />
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('clinical.prescriptionsPanel.saving') : t('clinical.prescriptionsPanel.prescribe')}
        </button>
      </div>
    </form>
  );
}
