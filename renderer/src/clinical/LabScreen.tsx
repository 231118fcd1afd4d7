import { useEffect } from 'react';
import type { LabOrderView } from '../../../shared/api/labs';
import type { VisitView } from '../../../shared/api/visits';
import { LabWorkItem } from './LabWorkItem';
import { useReferenceStore } from './reference-store';
import { useVisitStore } from './visit-store';
import { useTranslation } from 'react-i18next';

/**
 * The lab's screen for a visit: each ordered test, its sample (labs.collect)
 * and its result (labs.enterResult), numeric with unit or one of the test's
 * options; a result is corrected by an amendment that keeps the first one.
 */
export function LabScreen({ visit, orders }: { visit: VisitView; orders: readonly LabOrderView[] | null }) {
  const { t } = useTranslation();
  const loadLabTests = useReferenceStore((store) => store.loadLabTests);
  const putLabOrders = useVisitStore((store) => store.putLabOrders);
  useEffect(() => {
    void loadLabTests();
  }, [loadLabTests]);
  if (orders === null) return null;
  const waiting = orders.filter((order) => order.status === 'ordered' || order.status === 'collected').length;
  return (
    <section className="panel" aria-labelledby="lab-work-title">
      <div className="panel-heading">
        <h2 id="lab-work-title">{t('clinical.labScreen.labTestsForThisVisit')}</h2>
        <span className="muted">
          {waiting === 0
            ? t('clinical.labScreen.nothingWaiting')
            : t('clinical.labScreen.waitingForAResult', { waiting })}
        </span>
      </div>
      {orders.length === 0 && <p className="muted">{t('clinical.labScreen.noTestsWereOrderedFor')}</p>}
      <ol className="record-list lab-work">
        {orders.map((order) => (
          <LabWorkItem
            key={order.id}
            order={order}
            visitOpen={visit.closedAt === null}
            onChange={(changed) => putLabOrders([changed])}
          />
        ))}
      </ol>
    </section>
  );
}
