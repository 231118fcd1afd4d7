import { translatedResolver } from '../ui/translated-resolver';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { labsContract, type LabOrderView } from '../../../shared/api/labs';
import type { LabTest } from '../../../shared/api/reference';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { SelectField, TextField } from '../ui/form';
import { RefusalMessage, refusalOf, useByText, type Refusal } from './clinical-ui';
import { LabOrderSummary } from './LabOrders';
import { useLabTest } from './reference-store';
import { parseMeasurement } from './vitals-form';
import { whenText } from './VitalsReadings';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

/**
 * One order at the lab: its sample (labs.collect), its result
 * (labs.enterResult) or a correction of it (labs.amendResult), or its
 * cancellation with a reason (labs.cancel). Used by the visit's lab screen and
 * by the worklist; `onChange` receives the order as core returns it.
 */
export function LabWorkItem({
  order,
  visitOpen,
  onChange,
  heading,
  label = order.testName,
}: {
  order: LabOrderView;
  visitOpen: boolean;
  onChange(order: LabOrderView): void;
  /** Shown above the test (the worklist names the patient here). */
  heading?: ReactNode;
  /** The item's accessible name: the test, or on the worklist the test and the patient. */
  label?: string;
}) {
  const { t } = useTranslation();
  const test = useLabTest(order.testCode);
  const canCollect = useCan('labs.collect_sample');
  const canResult = useCan('labs.enter_result');
  const canCancel = useCan('labs.cancel_order');
  const by = useByText();
  const [amending, setAmending] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [collecting, setCollecting] = useState(false);

  const collect = async () => {
    setCollecting(true);
    setRefusal(null);
    const result = await runCommand(() => clinic().labs.collect({ orderId: order.id }));
    setCollecting(false);
    if (!result.ok) setRefusal({ message: result.message, code: result.code });
    else onChange(result.value);
  };

  const open = order.status === 'ordered' || order.status === 'collected';
  return (
    <li
      className={order.status === 'cancelled' ? 'record record-superseded' : 'record'}
      data-testid="lab-work"
      aria-label={label}
    >
      {heading}
      <LabOrderSummary order={order} />
      <p className="record-meta">
        {t('clinical.labWorkItem.ordered', {
          orderedAt: whenText(order.orderedAt),
          orderedBy: by(order.orderedBy, order.orderedByName),
        })}
        {order.collectedAt !== null && (
          <>{t('clinical.labWorkItem.sample', { collectedAt: whenText(order.collectedAt) })}</>
        )}
        {order.result !== null && (
          <>
            {t('clinical.labWorkItem.result', {
              resultedAt: whenText(order.result.resultedAt),
              resultedBy: by(order.result.resultedBy, order.result.resultedByName),
            })}
          </>
        )}
        {test !== null && <> · {test.specimen}</>}
      </p>
      {visitOpen && canCollect && order.status === 'ordered' && (
        <button type="button" className="secondary small" disabled={collecting} onClick={() => void collect()}>
          {collecting ? t('clinical.labWorkItem.saving') : t('clinical.labWorkItem.sampleCollected')}
          <span className="visually-hidden">{t('clinical.labWorkItem.for', { testName: order.testName })}</span>
        </button>
      )}
      <RefusalMessage refusal={refusal} />
      {canResult && open && test !== null && !cancelling && <ResultForm order={order} test={test} onSaved={onChange} />}
      {canResult && order.status === 'resulted' && test !== null && !amending && (
        <button type="button" className="secondary small" onClick={() => setAmending(true)}>
          {t('clinical.labWorkItem.amendResult')}
          <span className="visually-hidden">{t('clinical.labWorkItem.of', { testName: order.testName })}</span>
        </button>
      )}
      {amending && test !== null && (
        <ResultForm order={order} test={test} amend onSaved={onChange} onDone={() => setAmending(false)} />
      )}
      {canCancel && open && !cancelling && (
        <button type="button" className="danger-outline small" onClick={() => setCancelling(true)}>
          {t('clinical.labWorkItem.cancelTest')}
          <span className="visually-hidden"> {order.testName}</span>
        </button>
      )}
      {cancelling && (
        <CancelOrderForm
          order={order}
          onCancelled={(cancelled) => {
            setCancelling(false);
            onChange(cancelled);
          }}
          onKeep={() => setCancelling(false)}
        />
      )}
    </li>
  );
}

interface CancelEntry {
  reason: string;
}

const cancelForm = z.object({ reason: labsContract['labs.cancel'].input.shape.reason });

/** Why the test will not be done (labs.cancel); the order stays on the record, struck through, with the reason. */
function CancelOrderForm({
  order,
  onCancelled,
  onKeep,
}: {
  order: LabOrderView;
  onCancelled(order: LabOrderView): void;
  onKeep(): void;
}) {
  const { t } = useTranslation();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CancelEntry>({ resolver: translatedResolver(cancelForm), defaultValues: { reason: '' } });

  const submit = async (entry: CancelEntry) => {
    setRefusal(null);
    const result = await runCommand(() => clinic().labs.cancel({ orderId: order.id, reason: entry.reason }));
    if (!result.ok) {
      setRefusal(refusalOf(result, setError, ['reason']));
      return;
    }
    onCancelled(result.value);
  };

  return (
    <form
      className="lab-result-form correction-form"
      aria-label={t('clinical.labWorkItem.cancel2', { testName: order.testName })}
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <div className="lab-result-fields">
        <TextField
          label={t('clinical.labWorkItem.whyWillItNotBe')}
          hint={t('clinical.labWorkItem.forExamplePatientLeftBefore')}
          registration={register('reason')}
          error={errors.reason?.message}
          maxLength={200}
          autoComplete="off"
          autoFocus
        />
        <div className="actions">
          <button type="submit" className="danger" disabled={isSubmitting}>
            {isSubmitting ? t('clinical.labWorkItem.cancelling') : t('clinical.labWorkItem.cancelTheTest')}
          </button>
          <button type="button" className="secondary" onClick={onKeep} disabled={isSubmitting}>
            {t('clinical.labWorkItem.keepIt')}
          </button>
        </div>
      </div>
      <RefusalMessage refusal={refusal} />
    </form>
  );
}

interface ResultEntry {
  value: string;
  reason: string;
}

function resultForm(test: LabTest, amend: boolean) {
  const reason = labsContract['labs.amendResult'].input.shape.reason;
  return z.object({ value: z.string(), reason: z.string() }).superRefine((entry, ctx) => {
    if (test.kind === 'numeric') {
      const value = parseMeasurement(entry.value);
      if (value === undefined || Number.isNaN(value)) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: i18n.t('clinical.labWorkItem.numberIn', { unit: test.unit }),
        });
      }
    } else if (!test.options.includes(entry.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: i18n.t('clinical.labWorkItem.chooseResult') });
    }
    if (amend && !reason.safeParse(entry.reason).success) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: i18n.t('clinical.labWorkItem.sayWhyAmended') });
    }
  });
}

function ResultForm({
  order,
  test,
  amend = false,
  onSaved,
  onDone,
}: {
  order: LabOrderView;
  test: LabTest;
  amend?: boolean;
  onSaved(order: LabOrderView): void;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [schema] = useState(() => resultForm(test, amend));
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ResultEntry>({ resolver: translatedResolver(schema), defaultValues: { value: '', reason: '' } });

  const submit = async (entry: ResultEntry) => {
    setRefusal(null);
    const value = test.kind === 'numeric' ? (parseMeasurement(entry.value) ?? Number.NaN) : entry.value;
    const result = await runCommand(() =>
      amend
        ? clinic().labs.amendResult({ orderId: order.id, value, reason: entry.reason })
        : clinic().labs.enterResult({ orderId: order.id, value }),
    );
    if (!result.ok) {
      setRefusal(refusalOf(result, setError, ['value', 'reason']));
      return;
    }
    onSaved(result.value);
    onDone?.();
  };

  const label = amend ? t('clinical.labWorkItem.correctedResult') : t('clinical.labWorkItem.resultText');
  return (
    <form
      className={amend ? 'lab-result-form correction-form' : 'lab-result-form'}
      aria-label={
        amend
          ? t('clinical.labWorkItem.amendResultOf', { test: order.testName })
          : t('clinical.labWorkItem.resultOf', { test: order.testName })
      }
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <div className="lab-result-fields">
        {test.kind === 'numeric' ? (
          <TextField
            label={`${label} (${test.unit})`}
            registration={register('value')}
            error={errors.value?.message}
            inputMode="decimal"
            maxLength={12}
            autoComplete="off"
            autoFocus={amend}
            className="field-narrow"
          />
        ) : (
          <SelectField
            label={label}
            registration={register('value')}
            options={test.options}
            placeholder={t('clinical.labWorkItem.choose')}
            error={errors.value?.message}
            autoFocus={amend}
          />
        )}
        {amend && (
          <TextField
            label={t('clinical.labWorkItem.whyIsItAmended')}
            registration={register('reason')}
            error={errors.reason?.message}
            maxLength={300}
            autoComplete="off"
          />
        )}
        <div className="actions">
          <button type="submit" disabled={isSubmitting}>
            {isSubmitting
              ? t('clinical.labWorkItem.saving')
              : amend
                ? t('clinical.labWorkItem.saveAmendment')
                : t('clinical.labWorkItem.saveResult')}
          </button>
          {amend && (
            <button type="button" className="secondary" onClick={onDone} disabled={isSubmitting}>
              {t('clinical.labWorkItem.cancel')}
            </button>
          )}
        </div>
      </div>
      {amend && <p className="hint">{t('clinical.labWorkItem.theFirstResultStaysIn')}</p>}
      <RefusalMessage refusal={refusal} />
    </form>
  );
}
