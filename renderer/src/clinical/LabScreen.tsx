import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { labsContract, type LabOrderView } from '../../../shared/api/labs';
import type { LabTest } from '../../../shared/api/reference';
import type { VisitView } from '../../../shared/api/visits';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { SelectField, TextField } from '../ui/form';
import { RefusalMessage, refusalOf, type Refusal } from './clinical-ui';
import { LabOrderSummary } from './LabOrders';
import { useLabTest, useReferenceStore } from './reference-store';
import { parseMeasurement } from './vitals-form';
import { useVisitStore } from './visit-store';
import { whenText } from './VitalsReadings';

/**
 * The lab's screen for a visit: each ordered test, its sample (labs.collect)
 * and its result (labs.enterResult), numeric with unit or one of the test's
 * options; a result is corrected by an amendment that keeps the first one.
 */
export function LabScreen({ visit, orders }: { visit: VisitView; orders: readonly LabOrderView[] | null }) {
  const loadLabTests = useReferenceStore((store) => store.loadLabTests);
  useEffect(() => {
    void loadLabTests();
  }, [loadLabTests]);
  if (orders === null) return null;
  const waiting = orders.filter((order) => order.status === 'ordered' || order.status === 'collected').length;
  return (
    <section className="panel" aria-labelledby="lab-work-title">
      <div className="panel-heading">
        <h2 id="lab-work-title">Lab tests for this visit</h2>
        <span className="muted">{waiting === 0 ? 'Nothing waiting' : `${waiting} waiting for a result`}</span>
      </div>
      {orders.length === 0 && <p className="muted">No tests were ordered for this visit.</p>}
      <ol className="record-list lab-work">
        {orders.map((order) => (
          <LabWorkItem key={order.id} order={order} visitOpen={visit.closedAt === null} />
        ))}
      </ol>
    </section>
  );
}

function LabWorkItem({ order, visitOpen }: { order: LabOrderView; visitOpen: boolean }) {
  const test = useLabTest(order.testCode);
  const canCollect = useCan('labs.collect_sample');
  const canResult = useCan('labs.enter_result');
  const putLabOrders = useVisitStore((store) => store.putLabOrders);
  const [amending, setAmending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [collecting, setCollecting] = useState(false);

  const collect = async () => {
    setCollecting(true);
    setRefusal(null);
    const result = await runCommand(() => clinic().labs.collect({ orderId: order.id }));
    setCollecting(false);
    if (!result.ok) setRefusal({ message: result.message, code: result.code });
    else putLabOrders([result.value]);
  };

  const open = order.status === 'ordered' || order.status === 'collected';
  return (
    <li className="record" data-testid="lab-work" aria-label={order.testName}>
      <LabOrderSummary order={order} />
      <p className="record-meta">
        Ordered {whenText(order.orderedAt)}
        {order.collectedAt !== null && <> · sample {whenText(order.collectedAt)}</>}
        {test !== null && <> · {test.specimen}</>}
      </p>
      {visitOpen && canCollect && order.status === 'ordered' && (
        <button type="button" className="secondary small" disabled={collecting} onClick={() => void collect()}>
          {collecting ? 'Saving…' : 'Sample collected'}
          <span className="visually-hidden"> for {order.testName}</span>
        </button>
      )}
      <RefusalMessage refusal={refusal} />
      {canResult && open && test !== null && <ResultForm order={order} test={test} />}
      {canResult && order.status === 'resulted' && test !== null && !amending && (
        <button type="button" className="secondary small" onClick={() => setAmending(true)}>
          Amend result<span className="visually-hidden"> of {order.testName}</span>
        </button>
      )}
      {amending && test !== null && <ResultForm order={order} test={test} amend onDone={() => setAmending(false)} />}
    </li>
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
        ctx.addIssue({ code: 'custom', path: ['value'], message: `Enter the result as a number in ${test.unit}` });
      }
    } else if (!test.options.includes(entry.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'Choose the result' });
    }
    if (amend && !reason.safeParse(entry.reason).success) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why the result is amended' });
    }
  });
}

function ResultForm({
  order,
  test,
  amend = false,
  onDone,
}: {
  order: LabOrderView;
  test: LabTest;
  amend?: boolean;
  onDone?: () => void;
}) {
  const putLabOrders = useVisitStore((store) => store.putLabOrders);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [schema] = useState(() => resultForm(test, amend));
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ResultEntry>({ resolver: zodResolver(schema), defaultValues: { value: '', reason: '' } });

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
    putLabOrders([result.value]);
    onDone?.();
  };

  const label = amend ? `Corrected result` : 'Result';
  return (
    <form
      className={amend ? 'lab-result-form correction-form' : 'lab-result-form'}
      aria-label={`${amend ? 'Amend the result of' : 'Result of'} ${order.testName}`}
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
            placeholder="Choose…"
            error={errors.value?.message}
            autoFocus={amend}
          />
        )}
        {amend && (
          <TextField
            label="Why is it amended?"
            registration={register('reason')}
            error={errors.reason?.message}
            maxLength={300}
            autoComplete="off"
          />
        )}
        <div className="actions">
          <button type="submit" disabled={isSubmitting}>
            {isSubmitting ? 'Saving…' : amend ? 'Save amendment' : 'Save result'}
          </button>
          {amend && (
            <button type="button" className="secondary" onClick={onDone} disabled={isSubmitting}>
              Cancel
            </button>
          )}
        </div>
      </div>
      {amend && <p className="hint">The first result stays in the record, struck through.</p>}
      <RefusalMessage refusal={refusal} />
    </form>
  );
}
