import { useEffect, useId, useMemo, useState } from 'react';
import type { LabOrderView, LabResultView } from '../../../shared/api/labs';
import type { LabTest } from '../../../shared/api/reference';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { Notice } from '../ui/form';
import { RefusalMessage, useByText, type Refusal } from './clinical-ui';
import { sensitivityTag } from './clinical-text';
import { useReferenceStore } from './reference-store';
import { useVisitStore } from './visit-store';
import { whenText } from './VitalsReadings';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

export function labStatusLabel(status: LabOrderView['status']): string {
  return i18n.t(`clinical.labOrders.status.${status}`);
}

/** "Low", "High", "Abnormal" in the UI language. */
export function labFlagLabel(flag: 'low' | 'high' | 'abnormal'): string {
  return i18n.t(`clinical.labOrders.flag.${flag}`);
}

function flagLabel(flag: LabResultView['flag']): string | null {
  return flag === 'normal' || flag === 'unknown' ? null : labFlagLabel(flag);
}

/** "8.1 g/dL", "Positive". */
export function resultValueText(result: Pick<LabResultView, 'value' | 'unit'>): string {
  return result.unit === null ? String(result.value) : `${result.value} ${result.unit}`;
}

/** A result with its flag and reference range, as the chart and the consultation show it. */
export function LabResult({ result }: { result: LabResultView }) {
  const { t } = useTranslation();
  const flag = flagLabel(result.flag);
  const tone = result.flag === 'low' ? 'flag-low' : 'flag-high';
  return (
    <span className="lab-result">
      <strong className={flag === null ? 'reading-value' : 'reading-value lab-abnormal'}>
        {resultValueText(result)}
      </strong>
      {flag !== null && (
        <span className={`flag ${tone}`}>
          <span aria-hidden="true">{result.flag === 'low' ? '▼' : '▲'}</span> {flag}
        </span>
      )}
      {result.referenceText !== null && (
        <span className="muted">{t('clinical.labOrders.reference', { referenceText: result.referenceText })}</span>
      )}
    </span>
  );
}

/** Results that a later amendment replaced, struck through, with why. */
export function ResultHistory({ order }: { order: LabOrderView }) {
  const { t } = useTranslation();
  const earlier = order.history.filter((result) => result.id !== order.result?.id);
  if (earlier.length === 0) return null;
  return (
    <ul className="result-history" aria-label={t('clinical.labOrders.earlierResults')}>
      {earlier.map((result) => (
        <li key={result.id}>
          <del>{resultValueText(result)}</del> <span className="muted">{whenText(result.resultedAt)}</span>
        </li>
      ))}
      {order.result?.amendmentReason !== null && order.result?.amendmentReason !== undefined && (
        <li className="record-reason">
          {t('clinical.labOrders.amended', { amendmentReason: order.result.amendmentReason })}
        </li>
      )}
    </ul>
  );
}

/** One order as the clinician sees it: the test, where it is, and its result. */
export function LabOrderSummary({ order }: { order: LabOrderView }) {
  const { t } = useTranslation();
  const tag = sensitivityTag(order.sensitivity);
  return (
    <>
      <p className="record-title">
        <span className="dx-label">{order.testName}</span>
        {tag !== null && <span className="tag tag-sensitive">{tag}</span>}
        <span className={order.status === 'resulted' ? 'tag tag-ok' : 'tag tag-muted'}>
          {labStatusLabel(order.status)}
        </span>
      </p>
      {order.result !== null && (
        <p className="record-body">
          <LabResult result={order.result} />
        </p>
      )}
      <ResultHistory order={order} />
      {order.status === 'cancelled' && order.cancelReason !== null && (
        <p className="record-reason">{t('clinical.labOrders.cancelled', { cancelReason: order.cancelReason })}</p>
      )}
    </>
  );
}

/**
 * The visit's lab orders (labs.read) with their results; order tests from
 * the shipped list (labs.order).
 */
export function LabOrdersPanel({
  visitId,
  orders,
  visitOpen,
}: {
  visitId: string;
  orders: readonly LabOrderView[];
  visitOpen: boolean;
}) {
  const { t } = useTranslation();
  const canOrder = useCan('labs.order');
  const by = useByText();
  return (
    <section className="panel" aria-labelledby="lab-orders-title">
      <h2 id="lab-orders-title">{t('clinical.labOrders.labTests')}</h2>
      {orders.length === 0 ? (
        <p className="muted">{t('clinical.labOrders.noTestsOrderedThisVisit')}</p>
      ) : (
        <ol className="record-list" aria-label={t('clinical.labOrders.orderedThisVisit')}>
          {orders.map((order) => (
            <li key={order.id} className="record" data-testid="lab-order" aria-label={order.testName}>
              <LabOrderSummary order={order} />
              <p className="record-meta">
                {t('clinical.labOrders.ordered', {
                  orderedAt: whenText(order.orderedAt),
                  orderedBy: by(order.orderedBy, order.orderedByName),
                })}
                {order.result !== null && by(order.result.resultedBy, order.result.resultedByName) !== '' && (
                  <>
                    {t('clinical.labOrders.result', {
                      resultedBy: by(order.result.resultedBy, order.result.resultedByName),
                    })}
                  </>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
      {canOrder && visitOpen && <OrderTestsForm visitId={visitId} ordered={orders} />}
    </section>
  );
}

/** Tests of no panel group under this key; its name is said in the UI language when shown. */
const SINGLE_TESTS = '';

/** "Full blood count" tests together, then the rest, A–Z within each; single tests first. */
function groupTests(tests: readonly LabTest[]): [string, LabTest[]][] {
  const groups = new Map<string, LabTest[]>();
  for (const test of tests) {
    const group = test.panel ?? SINGLE_TESTS;
    groups.set(group, [...(groups.get(group) ?? []), test]);
  }
  return [...groups.entries()].sort(([a], [b]) =>
    a === SINGLE_TESTS ? -1 : b === SINGLE_TESTS ? 1 : a.localeCompare(b),
  );
}

function OrderTestsForm({ visitId, ordered }: { visitId: string; ordered: readonly LabOrderView[] }) {
  const { t } = useTranslation();
  const id = useId();
  const { labTests, problem, loadLabTests } = useReferenceStore();
  const putLabOrders = useVisitStore((store) => store.putLabOrders);
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void loadLabTests();
  }, [loadLabTests]);

  const pending = useMemo(
    () => new Set(ordered.filter((order) => order.status !== 'resulted').map((order) => order.testCode)),
    [ordered],
  );
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = (labTests ?? []).filter((test) => {
    const text = `${test.name} ${test.panel ?? ''} ${test.specimen}`.toLowerCase();
    return chosen.includes(test.code) || words.every((word) => text.includes(word));
  });

  const toggle = (code: string, on: boolean) => {
    setError(null);
    setChosen((current) => (on ? [...current, code] : current.filter((item) => item !== code)));
  };

  const order = async () => {
    setRefusal(null);
    setNotice(null);
    if (chosen.length === 0) {
      setError(t('clinical.labOrders.tickTests'));
      return;
    }
    setBusy(true);
    const result = await runCommand(() => clinic().labs.order({ visitId, testCodes: [...chosen] }));
    setBusy(false);
    if (!result.ok) {
      setRefusal({ message: result.message, code: result.code });
      return;
    }
    putLabOrders(result.value);
    setChosen([]);
    setFilter('');
    setNotice(t('clinical.labOrders.orderedNotice', { tests: result.value.map((item) => item.testName).join(', ') }));
  };

  return (
    <form
      className="stack dx-form"
      aria-label={t('clinical.labOrders.orderLabTests')}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void order();
      }}
    >
      <h3>{t('clinical.labOrders.orderTests')}</h3>
      <div className="field">
        <label htmlFor={`${id}-filter`}>{t('clinical.labOrders.findATest')}</label>
        <input
          id={`${id}-filter`}
          type="search"
          autoComplete="off"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          aria-describedby={`${id}-count`}
        />
        <p className="hint" id={`${id}-count`} aria-live="polite">
          {labTests === null
            ? (problem ?? t('clinical.labOrders.loadingTheTestList'))
            : chosen.length === 0
              ? t('clinical.labOrders.ofTestsShown', { length: shown.length, length2: labTests.length })
              : t('clinical.labOrders.ticked', { length: chosen.length })}
        </p>
      </div>
      {labTests !== null && (
        <fieldset
          className="test-list"
          aria-describedby={error === null ? undefined : `${id}-error`}
          aria-invalid={error !== null}
        >
          <legend className="visually-hidden">{t('clinical.labOrders.tests')}</legend>
          {groupTests(shown).map(([group, tests]) => (
            <div key={group} className="test-group">
              <p className="test-group-name">{group === SINGLE_TESTS ? t('clinical.labOrders.singleTests') : group}</p>
              {tests.map((test) => {
                const tag = sensitivityTag(test.sensitivity);
                return (
                  <label key={test.code} className="choice">
                    <input
                      type="checkbox"
                      checked={chosen.includes(test.code)}
                      onChange={(event) => toggle(test.code, event.target.checked)}
                    />
                    <span>
                      {test.name}
                      {pending.has(test.code) && (
                        <span className="choice-hint">{t('clinical.labOrders.alreadyOrderedNoResultYet')}</span>
                      )}
                    </span>
                    {tag !== null && <span className="tag tag-sensitive">{tag}</span>}
                  </label>
                );
              })}
            </div>
          ))}
        </fieldset>
      )}
      {error !== null && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <Notice message={notice} />
      <RefusalMessage refusal={refusal} />
      <div className="actions">
        <button type="submit" disabled={busy || labTests === null}>
          {busy
            ? t('clinical.labOrders.ordering')
            : chosen.length > 1
              ? t('clinical.labOrders.orderTests2', { length: chosen.length })
              : t('clinical.labOrders.orderTest')}
        </button>
      </div>
    </form>
  );
}
