import { zodResolver } from '@hookform/resolvers/zod';
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

/** The facility's workstations as the server knows them, with enrollment and revocation. */
export function DevicesPanel() {
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
        <h2 id="devices-title">Workstations of this facility</h2>
        {canRead && (
          <button type="button" className="secondary" onClick={() => void loadDevices()}>
            Refresh
          </button>
        )}
      </div>
      {canRead && devicesError !== null && (
        <p role="alert" className="form-error">
          {devicesError}
        </p>
      )}
      {canRead && devices === null && devicesError === null && <p aria-live="polite">Asking the sync server…</p>}
      {canRead && devices !== null && <DeviceTable devices={devices} />}
      {canEnroll && <EnrollPanel />}
    </section>
  );
}

function DeviceTable({ devices }: { devices: readonly DeviceSummaryView[] }) {
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
    else setNotice('Workstation revoked. The facility’s key was changed and given to the remaining workstations.');
  };

  return (
    <>
      <FormError message={error} />
      <Notice message={notice} />
      <table className="table" aria-labelledby="devices-title">
        <thead>
          <tr>
            <th scope="col">Workstation</th>
            <th scope="col">Kind</th>
            <th scope="col">Enrolled</th>
            <th scope="col">Status</th>
            {canRevoke && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
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
                {device.isThisWorkstation && <span className="tag tag-muted sync-this">This workstation</span>}
              </td>
              <td>{device.kind === 'recovery' ? 'Recovery kit' : 'Workstation'}</td>
              <td className="nowrap">{formatDateTime(device.enrolledAt)}</td>
              <td>
                {device.status === 'active' ? (
                  <span className="tag tag-ok">Active</span>
                ) : (
                  <span className="tag tag-revoked">
                    Revoked{device.revokedAt !== null && ` ${formatDateTime(device.revokedAt)}`}
                  </span>
                )}
              </td>
              {canRevoke && (
                <td>
                  {device.status === 'active' && !device.isThisWorkstation && device.kind === 'workstation' && (
                    <ConfirmAction
                      label="Revoke"
                      question={
                        <>
                          Revoke workstation <span className="mono">{shortDeviceId(device.deviceId)}</span>? It will no
                          longer sync, and the facility’s key is changed so it cannot read new records. Use this for a
                          lost, stolen or retired computer.
                        </>
                      }
                      confirmLabel="Revoke it"
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
  const enrollment = useSyncStore((store) => store.enrollment);
  const createEnrollmentCode = useSyncStore((store) => store.createEnrollmentCode);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof enrollmentCodeInput>, unknown, EnrollValues>({
    resolver: zodResolver(enrollmentCodeInput),
    defaultValues: { ttlHours: DEFAULT_ENROLLMENT_TTL_HOURS },
  });

  const submit = async (values: EnrollValues) => {
    setFormError(null);
    const failure = await createEnrollmentCode(values.ttlHours);
    if (failure !== null) setFormError(applyFailure(failure, setError, ['ttlHours']));
  };

  return (
    <div className="sync-enroll">
      <h3>Enroll another workstation</h3>
      <form
        className="sync-enroll-form"
        aria-label="Create an enrollment code"
        noValidate
        onSubmit={(event) => void handleSubmit(submit)(event)}
      >
        <TextField
          label="Code works for (hours)"
          hint="1 to 168 hours. The code works once."
          type="number"
          registration={register('ttlHours', { valueAsNumber: true })}
          error={errors.ttlHours?.message}
          inputMode="numeric"
          className="field-narrow"
        />
        <div className="actions">
          <button type="submit" disabled={isSubmitting}>
            {isSubmitting ? 'Creating…' : 'Create enrollment code'}
          </button>
        </div>
      </form>
      <FormError message={formError} />
      {enrollment !== null && <EnrollmentCodeCard enrollment={enrollment} />}
    </div>
  );
}

function EnrollmentCodeCard({ enrollment }: { enrollment: EnrollmentCodeView }) {
  return (
    <div className="sync-code-card" role="region" aria-label="Enrollment code">
      <div>
        <p>On the new workstation, choose “Join an existing facility” and enter:</p>
        <dl className="facts">
          <dt>Server address</dt>
          <dd className="mono" data-testid="enrollment-server">
            {enrollment.serverUrl}
          </dd>
          <dt>Enrollment code</dt>
          <dd>
            <span className="sync-code" data-testid="enrollment-code" aria-label={enrollment.code}>
              {codeGroups(enrollment.code).map((group, index) => (
                <span key={`${index}-${group}`} className="sync-code-group">
                  {group}
                </span>
              ))}
            </span>
          </dd>
          <dt>Works until</dt>
          <dd>{formatDateTime(enrollment.expiresAt)}, once</dd>
        </dl>
        <p className="warning">
          Anyone with this code can join a workstation to the facility and read its records until it is used or expires.
          Give it only to the person setting up the new workstation; do not write it where others can see it.
        </p>
      </div>
      <div className="qr">
        <img
          src={enrollment.qrCodeDataUrl}
          alt="QR code holding the server address and the enrollment code"
          width={200}
          height={200}
        />
      </div>
    </div>
  );
}
