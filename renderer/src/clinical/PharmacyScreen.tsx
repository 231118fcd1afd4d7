import { translatedResolver } from '../ui/translated-resolver';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { prescriptionsContract, type PrescriptionView } from '../../../shared/api/prescriptions';
import type { VisitView } from '../../../shared/api/visits';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { TextField } from '../ui/form';
import { RefusalMessage, refusalOf, type Refusal } from './clinical-ui';
import { unitCount } from './prescription-form';
import { PrescriptionSummary } from './PrescriptionsPanel';
import { useVisitStore } from './visit-store';
import './clinical.css';
import { whenText } from './VitalsReadings';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

/**
 * The pharmacy's screen for a visit: each prescription, dispensed in full or
 * in part (dispensing.dispense), or recorded as out of stock
 * (dispensing.stockOut). Every dispensing stays in the record.
 */
export function PharmacyScreen({
  visit,
  patientName,
  prescriptions,
}: {
  visit: VisitView;
  patientName: string;
  prescriptions: readonly PrescriptionView[] | null;
}) {
  const { t } = useTranslation();
  const canDispense = useCan('dispensing.dispense');
  if (prescriptions === null) return null;
  const toDispense = prescriptions.filter(
    (prescription) => prescription.status === 'active' && prescription.dispensingState !== 'complete',
  ).length;
  return (
    <section className="panel" aria-labelledby="dispensing-title">
      <div className="panel-heading">
        <h2 id="dispensing-title">{t('clinical.pharmacyScreen.prescriptionsToDispense')}</h2>
        <span className="muted">
          {toDispense === 0
            ? t('clinical.pharmacyScreen.nothingLeftToDispense')
            : t('clinical.pharmacyScreen.toDispense', { toDispense })}
        </span>
      </div>
      {prescriptions.length === 0 && (
        <p className="muted">{t('clinical.pharmacyScreen.nothingWasPrescribedThisVisit')}</p>
      )}
      <ol className="record-list">
        {prescriptions.map((prescription) => (
          <DispenseItem key={prescription.id} prescription={prescription} visitOpen={visit.closedAt === null} />
        ))}
      </ol>
      {canDispense && visit.closedAt === null && visit.stage === 'pharmacy' && (
        // A new count of what is left starts afresh, without the refusal about the old one.
        <FinishDispensing key={toDispense} visit={visit} patientName={patientName} toDispense={toDispense} />
      )}
    </section>
  );
}

/**
 * The pharmacist's last step (dispensing.complete): with everything handed out
 * or recorded out of stock, the visit closes as discharged and leaves the
 * pharmacy queue; core refuses, saying what is left, otherwise.
 */
function FinishDispensing({
  visit,
  patientName,
  toDispense,
}: {
  visit: VisitView;
  patientName: string;
  toDispense: number;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const putVisit = useVisitStore((store) => store.putVisit);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  const finish = async () => {
    setBusy(true);
    setRefusal(null);
    const result = await runCommand(() => clinic().dispensing.complete({ visitId: visit.id }));
    setBusy(false);
    if (!result.ok) {
      setRefusal({ message: result.message, code: result.code });
      return;
    }
    putVisit(result.value);
    void navigate('/queue', { state: { notice: t('clinical.pharmacyScreen.done', { name: patientName }) } });
  };

  return (
    <div className="finish-dispensing">
      <p className="hint">
        {toDispense === 0
          ? t('clinical.pharmacyScreen.everythingIsDispensedOrRecorded')
          : t('clinical.pharmacyScreen.stillToDispenseDispenseIt', { toDispense })}
      </p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void finish()}>
          {busy ? t('clinical.pharmacyScreen.closing') : t('clinical.pharmacyScreen.dispensingDoneCloseVisit')}
        </button>
      </div>
      <RefusalMessage refusal={refusal} />
    </div>
  );
}

function DispenseItem({ prescription, visitOpen }: { prescription: PrescriptionView; visitOpen: boolean }) {
  const { t } = useTranslation();
  const canDispense = useCan('dispensing.dispense');
  const remaining = prescription.quantity - prescription.dispensedQuantity;
  const open = prescription.status === 'active' && remaining > 0;
  return (
    <li
      className={prescription.status === 'cancelled' ? 'record record-superseded' : 'record'}
      data-testid="dispense-item"
      aria-label={prescription.drugName}
    >
      <PrescriptionSummary prescription={prescription} />
      {prescription.dispensings.length > 0 && (
        <ul className="result-history" aria-label={t('clinical.pharmacyScreen.dispensedSoFar')}>
          {prescription.dispensings.map((dispensing) => (
            <li key={dispensing.id}>
              {dispensing.outcome === 'dispensed'
                ? t('clinical.pharmacyScreen.dispensed', {
                    quantity: unitCount(dispensing.quantity, prescription.unit),
                  })
                : t('clinical.pharmacyScreen.outOfStock')}{' '}
              <span className="muted">{whenText(dispensing.at)}</span>
              {dispensing.note !== null && <> — {dispensing.note}</>}
            </li>
          ))}
        </ul>
      )}
      {canDispense && open && visitOpen && (
        // After a partial dispensing the form starts again from what is left.
        <DispenseForm key={remaining} prescription={prescription} remaining={remaining} />
      )}
    </li>
  );
}

interface DispenseEntry {
  quantity: string;
  note: string;
}

const noteRule = prescriptionsContract['dispensing.dispense'].input.shape.note;

function DispenseForm({ prescription, remaining }: { prescription: PrescriptionView; remaining: number }) {
  const { t } = useTranslation();
  const putPrescription = useVisitStore((store) => store.putPrescription);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [schema] = useState(() =>
    z.object({ quantity: z.string(), note: z.string() }).superRefine((entry, ctx) => {
      const quantity = /^\d+$/.test(entry.quantity.trim()) ? Number(entry.quantity.trim()) : Number.NaN;
      if (!(quantity >= 1 && quantity <= remaining)) {
        ctx.addIssue({
          code: 'custom',
          path: ['quantity'],
          message: i18n.t('ui.bounds.wholeNumber', { min: 1, max: remaining }),
        });
      }
      if (!noteRule.safeParse(entry.note).success) {
        ctx.addIssue({ code: 'custom', path: ['note'], message: i18n.t('clinical.pharmacyScreen.noteTooLong') });
      }
    }),
  );
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<DispenseEntry>({
    resolver: translatedResolver(schema),
    defaultValues: { quantity: String(remaining), note: '' },
  });
  const [stockOutBusy, setStockOutBusy] = useState(false);

  const dispense = async (entry: DispenseEntry) => {
    setRefusal(null);
    const note = entry.note.trim();
    const result = await runCommand(() =>
      clinic().dispensing.dispense({
        prescriptionId: prescription.id,
        quantity: Number(entry.quantity.trim()),
        ...(note === '' ? {} : { note }),
      }),
    );
    if (!result.ok) {
      setRefusal(refusalOf(result, setError, ['quantity', 'note']));
      return;
    }
    putPrescription(result.value);
  };

  const stockOut = async () => {
    setRefusal(null);
    setStockOutBusy(true);
    const note = getValues('note').trim();
    const result = await runCommand(() =>
      clinic().dispensing.stockOut({ prescriptionId: prescription.id, ...(note === '' ? {} : { note }) }),
    );
    setStockOutBusy(false);
    if (!result.ok) {
      setRefusal(refusalOf(result, setError, ['note']));
      return;
    }
    putPrescription(result.value);
  };

  return (
    <form
      className="lab-result-form"
      aria-label={t('clinical.pharmacyScreen.dispense', { drugName: prescription.drugName })}
      noValidate
      onSubmit={(event) => void handleSubmit(dispense)(event)}
    >
      <div className="lab-result-fields">
        <TextField
          label={t('clinical.pharmacyScreen.quantityNowS', { unit: prescription.unit })}
          hint={t('clinical.pharmacyScreen.leftOf', {
            remaining,
            quantity: unitCount(prescription.quantity, prescription.unit),
          })}
          registration={register('quantity')}
          error={errors.quantity?.message}
          inputMode="numeric"
          maxLength={4}
          autoComplete="off"
          className="field-narrow"
        />
        <TextField
          label={t('clinical.pharmacyScreen.noteOptional')}
          registration={register('note')}
          error={errors.note?.message}
          maxLength={200}
          autoComplete="off"
        />
        <div className="actions">
          <button type="submit" disabled={isSubmitting || stockOutBusy}>
            {isSubmitting ? t('clinical.pharmacyScreen.saving') : t('clinical.pharmacyScreen.dispense2')}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={isSubmitting || stockOutBusy}
            onClick={() => void stockOut()}
          >
            {stockOutBusy ? t('clinical.pharmacyScreen.saving') : t('clinical.pharmacyScreen.outOfStock')}
          </button>
        </div>
      </div>
      <RefusalMessage refusal={refusal} />
    </form>
  );
}
