import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import {
  DEFAULT_ENROLLMENT_TTL_HOURS,
  enrollmentCodeInput,
  type DeviceSummaryView,
  type EnrollmentCodeView,
} from '../../../shared/api/sync';
import { formatDateTime } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { ConfirmAction } from '../ui/ConfirmAction';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, TextField } from '../ui/form';
import { codeGroups, shortDeviceId } from './sync-text';
import { useSyncStore } from './sync-store';
import { useTranslation } from 'react-i18next';

/** The facility's workstations as the server knows them, with enrollment and revocation. */
export function DevicesPanel() {
  const { t } = useTranslation();
  const canRead = useCan('devices.read');
  const canEnroll = useCan('devices.enroll');
  const { devices, devicesError, loadDevices } = useSyncStore();

  useEffect(() => {
    if (canRead) void useSyncStore.getState().loadDevices();
  }, [canRead]);

  if (!canRead && !canEnroll) return null;
  return (
    <section className="panel" aria-labelledby="devices-title">
      <div className="panel-heading">
        <h2 id="devices-title">{t('sync.devicesPanel.workstationsOfThisFacility')}</h2>
        {canRead && (
          <button type="button" className="secondary" onClick={() => void loadDevices()}>
            {t('sync.devicesPanel.refresh')}
          </button>
        )}
      </div>
      {canRead && devicesError !== null && (
        <p role="alert" className="form-error">
          {devicesError}
        </p>
      )}
      {canRead && devices === null && devicesError === null && (
        <p aria-live="polite">{t('sync.devicesPanel.askingTheSyncServer')}</p>
      )}
      {canRead && devices !== null && <DeviceTable devices={devices} />}
      {canEnroll && <EnrollPanel />}
    </section>
  );
}

function DeviceTable({ devices }: { devices: readonly DeviceSummaryView[] }) {
  const { t } = useTranslation();
  const canRevoke = useCan('devices.revoke');
  const revokeDevice = useSyncStore((store) => store.revokeDevice);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const revoke = async (deviceId: string) => {
    setBusy(deviceId);
    setError(null);
    setNotice(null);
    const failure = await revokeDevice(deviceId);
    setBusy(null);
    if (failure !== null) setError(failure.message);
    else setNotice(t('sync.devicesPanel.revokedNotice'));
  };

  return (
    <>
      <FormError message={error} />
      <Notice message={notice} />
      <table className="table" aria-labelledby="devices-title">
        <thead>
          <tr>
            <th scope="col">{t('sync.devicesPanel.workstation')}</th>
            <th scope="col">{t('sync.devicesPanel.kind')}</th>
            <th scope="col">{t('sync.devicesPanel.enrolled')}</th>
            <th scope="col">{t('sync.devicesPanel.status')}</th>
            {canRevoke && (
              <th scope="col">
                <span className="visually-hidden">{t('sync.devicesPanel.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => (
            <tr key={device.deviceId} data-testid="device-row">
              <td>
                <span className="mono" title={device.deviceId}>
                  {shortDeviceId(device.deviceId)}
                </span>
                {device.isThisWorkstation && (
                  <span className="tag tag-muted sync-this">{t('sync.devicesPanel.thisWorkstation')}</span>
                )}
              </td>
              <td>
                {device.kind === 'recovery' ? t('sync.devicesPanel.recoveryKit') : t('sync.devicesPanel.workstation')}
              </td>
              <td className="nowrap">{formatDateTime(device.enrolledAt)}</td>
              <td>
                {device.status === 'active' ? (
                  <span className="tag tag-ok">{t('sync.devicesPanel.active')}</span>
                ) : (
                  <span className="tag tag-revoked">
                    {t('sync.devicesPanel.revoked')}
                    {device.revokedAt !== null && ` ${formatDateTime(device.revokedAt)}`}
                  </span>
                )}
              </td>
              {canRevoke && (
                <td>
                  {device.status === 'active' && !device.isThisWorkstation && device.kind === 'workstation' && (
                    <ConfirmAction
                      label={t('sync.devicesPanel.revoke')}
                      question={
                        <>
                          {t('sync.devicesPanel.revokeWorkstation')}
                          <span className="mono">{shortDeviceId(device.deviceId)}</span>
                          {t('sync.devicesPanel.itWillNoLongerSync')}
                        </>
                      }
                      confirmLabel={t('sync.devicesPanel.revokeIt')}
                      busy={busy === device.deviceId}
                      danger
                      onConfirm={() => void revoke(device.deviceId)}
                    />
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

type EnrollValues = z.output<typeof enrollmentCodeInput>;

/** Creates a one-time enrollment code for a new workstation and shows it large, grouped and as a QR code. */
function EnrollPanel() {
  const { t } = useTranslation();
  const enrollment = useSyncStore((store) => store.enrollment);
  const createEnrollmentCode = useSyncStore((store) => store.createEnrollmentCode);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof enrollmentCodeInput>, unknown, EnrollValues>({
    resolver: translatedResolver(enrollmentCodeInput),
    defaultValues: { ttlHours: DEFAULT_ENROLLMENT_TTL_HOURS },
  });

  const submit = async (values: EnrollValues) => {
    setFormError(null);
    const failure = await createEnrollmentCode(values.ttlHours);
    if (failure !== null) setFormError(applyFailure(failure, setError, ['ttlHours']));
  };

  return (
    <div className="sync-enroll">
      <h3>{t('sync.devicesPanel.enrollAnotherWorkstation')}</h3>
      <form
        className="sync-enroll-form"
        aria-label={t('sync.devicesPanel.createAnEnrollmentCode')}
        noValidate
        onSubmit={(event) => void handleSubmit(submit)(event)}
      >
        <TextField
          label={t('sync.devicesPanel.codeWorksForHours')}
          hint={t('sync.devicesPanel.n1To168HoursThe')}
          type="number"
          registration={register('ttlHours', { valueAsNumber: true })}
          error={errors.ttlHours?.message}
          inputMode="numeric"
          className="field-narrow"
        />
        <div className="actions">
          <button type="submit" disabled={isSubmitting}>
            {isSubmitting ? t('sync.devicesPanel.creating') : t('sync.devicesPanel.createEnrollmentCode')}
          </button>
        </div>
      </form>
      <FormError message={formError} />
      {enrollment !== null && <EnrollmentCodeCard enrollment={enrollment} />}
    </div>
  );
}

function EnrollmentCodeCard({ enrollment }: { enrollment: EnrollmentCodeView }) {
  const { t } = useTranslation();
  return (
    <div className="sync-code-card" role="region" aria-label={t('sync.devicesPanel.enrollmentCode')}>
      <div>
        <p>{t('sync.devicesPanel.onTheNewWorkstationChoose')}</p>
        <dl className="facts">
          <dt>{t('sync.devicesPanel.serverAddress')}</dt>
          <dd className="mono" data-testid="enrollment-server">
            {enrollment.serverUrl}
          </dd>
          <dt>{t('sync.devicesPanel.enrollmentCode')}</dt>
          <dd>
            <span className="sync-code" data-testid="enrollment-code" aria-label={enrollment.code}>
              {codeGroups(enrollment.code).map((group, index) => (
                <span key={`${index}-${group}`} className="sync-code-group">
                  {group}
                </span>
              ))}
            </span>
          </dd>
          <dt>{t('sync.devicesPanel.worksUntil')}</dt>
          <dd>{t('sync.devicesPanel.once', { expiresAt: formatDateTime(enrollment.expiresAt) })}</dd>
        </dl>
        <p className="warning">{t('sync.devicesPanel.anyoneWithThisCodeCan')}</p>
      </div>
      <div className="qr">
        <img
          src={enrollment.qrCodeDataUrl}
          alt={t('sync.devicesPanel.qrCodeHoldingTheServer')}
          width={200}
          height={200}
        />
      </div>
    </div>
  );
}
