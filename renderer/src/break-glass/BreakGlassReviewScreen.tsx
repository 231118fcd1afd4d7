import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useId, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { breakGlassContract, breakGlassPolicy, type BreakGlassGrant } from '../../../shared/api/break-glass';
import { clinic } from '../clinic';
import { formatDateTime } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { TextAreaField } from '../patients/fields';
import { applyFailure } from '../ui/failure';
import { FormError, Notice } from '../ui/form';
import { NumberSettingsForm } from '../ui/NumberSettingsForm';
import { LoadState, useCommandValue } from '../ui/use-command-value';
import { formatClock } from '../ui/local-time';
import { useUsersStore } from '../users/users-store';
import { useBreakGlassStore } from './break-glass-store';
import { useReviewStore } from './review-store';
import './break-glass.css';
import { Trans, useTranslation } from 'react-i18next';

/**
 * Every use of emergency access waits here until an admin has looked at it:
 * who, which patient, why, when and for how long; marked reviewed with a
 * comment. The duration of new grants is set below.
 */
export function BreakGlassReviewScreen() {
  const { t } = useTranslation();
  const { grants, includeReviewed, error, load } = useReviewStore();
  const canReadUsers = useCan('users.read');
  const users = useUsersStore((store) => store.users);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    void useReviewStore.getState().load(useReviewStore.getState().includeReviewed);
    if (canReadUsers) void useUsersStore.getState().load();
  }, [canReadUsers]);

  const userNames = useMemo(() => new Map((users ?? []).map((user) => [user.id, user.displayName])), [users]);
  const waiting = grants?.filter((grant) => grant.reviewedAt === null).length ?? 0;

  return (
    <section aria-labelledby="review-title" className="page">
      <div className="page-heading">
        <h1 id="review-title">{t('breakGlass.breakGlassReviewScreen.emergencyAccessReview')}</h1>
        {grants !== null && (
          <span className={waiting > 0 ? 'tag tag-alert' : 'tag tag-ok'}>
            {waiting === 0
              ? t('breakGlass.breakGlassReviewScreen.noneWaiting')
              : t('breakGlass.breakGlassReviewScreen.waiting', { waiting })}
          </span>
        )}
      </div>
      <p>{t('breakGlass.breakGlassReviewScreen.eachTimeSomeoneOpenedSensitive')}</p>
      <label className="check-row">
        <input
          type="checkbox"
          checked={includeReviewed}
          onChange={(event) => {
            setNotice(null);
            void load(event.target.checked);
          }}
        />
        {t('breakGlass.breakGlassReviewScreen.showReviewedOnesToo')}
      </label>
      <Notice message={notice} />
      {error !== null && (
        <div className="stack">
          <p role="alert" className="form-error">
            {error}
          </p>
          <button type="button" className="secondary align-start" onClick={() => void load(includeReviewed)}>
            {t('breakGlass.breakGlassReviewScreen.tryAgain')}
          </button>
        </div>
      )}
      {grants === null && error === null && <p aria-live="polite">{t('breakGlass.breakGlassReviewScreen.loading')}</p>}
      {grants !== null && grants.length === 0 && (
        <p className="muted">
          {includeReviewed
            ? t('breakGlass.breakGlassReviewScreen.emergencyAccessHasNotBeen')
            : t('breakGlass.breakGlassReviewScreen.nothingWaitsForReview')}
        </p>
      )}
      {grants !== null && grants.length > 0 && (
        <ul className="alert-list" aria-label={t('breakGlass.breakGlassReviewScreen.emergencyAccess')}>
          {grants.map((grant) => (
            <GrantCard key={grant.id} grant={grant} userNames={userNames} onReviewed={setNotice} />
          ))}
        </ul>
      )}
      <DurationPanel />
    </section>
  );
}

function GrantCard({
  grant,
  userNames,
  onReviewed,
}: {
  grant: BreakGlassGrant;
  userNames: ReadonlyMap<string, string>;
  onReviewed(message: string): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const canRead = useCan('patients.read');
  const number = useBreakGlassStore((store) => store.numbers[grant.patientId]);
  const [reviewing, setReviewing] = useState(false);
  const open = grant.reviewedAt === null;
  const running = new Date(grant.expiresAt) > new Date();
  const who = grant.userName ?? t('breakGlass.breakGlassReviewScreen.aRemovedUser');
  const reviewer = grant.reviewedBy === null ? null : (userNames.get(grant.reviewedBy) ?? null);
  return (
    <li className={open ? 'alert-card alert-open' : 'alert-card alert-done'} aria-labelledby={`${id}-title`}>
      <div className="alert-head">
        <h3 id={`${id}-title`}>{who}</h3>
        <span className={open ? 'tag tag-alert' : 'tag tag-muted'}>
          {open
            ? t('breakGlass.breakGlassReviewScreen.waitingForReview')
            : t('breakGlass.breakGlassReviewScreen.reviewed2')}
        </span>
        {running && <span className="tag tag-warning">{t('breakGlass.breakGlassReviewScreen.runningNow')}</span>}
      </div>
      <blockquote className="grant-reason">{grant.reason}</blockquote>
      <p className="alert-meta">
        <span>
          <Trans
            i18nKey={
              canRead
                ? 'breakGlass.breakGlassReviewScreen.patientWithChart'
                : 'breakGlass.breakGlassReviewScreen.patient'
            }
            values={{ patient: number ?? grant.patientId }}
            components={{
              // A known patient number reads as a number; a bare id is shown smaller, as a fallback.
              patient: number !== undefined ? <strong className="mono" /> : <span className="mono grant-patient-id" />,
              link: <Link to={`/patients/${grant.patientId}`} />,
            }}
          />
        </span>
        <span>
          {t('breakGlass.breakGlassReviewScreen.granted')}
          <time dateTime={grant.grantedAt}>{formatDateTime(grant.grantedAt)}</time>
        </span>
        <span>
          {running ? t('breakGlass.breakGlassReviewScreen.until') : t('breakGlass.breakGlassReviewScreen.ended')}{' '}
          <time dateTime={grant.expiresAt}>{formatClock(grant.expiresAt)}</time>
        </span>
      </p>
      {!open && grant.reviewedAt !== null && (
        <p className="alert-meta">
          {t('breakGlass.breakGlassReviewScreen.reviewed', { reviewedAt: formatDateTime(grant.reviewedAt) })}
          {reviewer !== null && t('breakGlass.breakGlassReviewScreen.by', { reviewer })}
          {grant.reviewComment !== null && <>: “{grant.reviewComment}”</>}
        </p>
      )}
      {open && !reviewing && (
        <button type="button" className="secondary" onClick={() => setReviewing(true)}>
          {t('breakGlass.breakGlassReviewScreen.markReviewed')}
        </button>
      )}
      {open && reviewing && (
        <ReviewForm
          grant={grant}
          onDone={() => onReviewed(`${who}’s emergency access is marked reviewed.`)}
          onCancel={() => setReviewing(false)}
        />
      )}
    </li>
  );
}

const commentSchema = breakGlassContract['breakGlass.markReviewed'].input.shape.comment;
const reviewForm = z.object({ comment: commentSchema });
type ReviewValues = z.output<typeof reviewForm>;

function ReviewForm({ grant, onDone, onCancel }: { grant: BreakGlassGrant; onDone(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const markReviewed = useReviewStore((store) => store.markReviewed);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof reviewForm>, unknown, ReviewValues>({
    resolver: translatedResolver(reviewForm),
    defaultValues: { comment: '' },
  });
  const submit = async ({ comment }: ReviewValues) => {
    setFormError(null);
    const failure = await markReviewed(grant.id, comment);
    if (failure !== null) setFormError(applyFailure(failure, setError, ['comment']));
    else onDone();
  };
  return (
    <form className="stack acknowledge-form" noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
      <TextAreaField
        label={t('breakGlass.breakGlassReviewScreen.reviewComment')}
        hint={t('breakGlass.breakGlassReviewScreen.whatYouCheckedAndFound')}
        registration={register('comment')}
        error={errors.comment?.message}
        maxLength={commentSchema.maxLength ?? 500}
        rows={2}
        autoFocus
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting
            ? t('breakGlass.breakGlassReviewScreen.saving')
            : t('breakGlass.breakGlassReviewScreen.markReviewed')}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t('breakGlass.breakGlassReviewScreen.notYet')}
        </button>
      </div>
    </form>
  );
}

/** How long a new grant lasts (breakGlass.getPolicy / setPolicy); editable with settings.security. */
function DurationPanel() {
  const { t } = useTranslation();
  const canEdit = useCan('settings.security');
  const policy = useCommandValue(() => clinic().breakGlass.getPolicy({}));

  return (
    <section className="panel thresholds-panel" aria-labelledby="duration-title">
      <h2 id="duration-title">{t('breakGlass.breakGlassReviewScreen.howLongEmergencyAccessLasts')}</h2>
      <LoadState loading={policy.value === null} error={policy.error} />
      {policy.value !== null &&
        (canEdit ? (
          <NumberSettingsForm
            shape={breakGlassPolicy.shape}
            fields={[{ name: 'durationMinutes', label: t('breakGlass.breakGlassReviewScreen.durationLabel') }]}
            initial={policy.value}
            save={(values) => clinic().breakGlass.setPolicy(values)}
            onSaved={policy.setValue}
            submitLabel={t('breakGlass.breakGlassReviewScreen.saveDuration')}
            savedNotice={t('breakGlass.breakGlassReviewScreen.savedGrantsFromNowOn')}
          />
        ) : (
          <p>
            {t('breakGlass.breakGlassReviewScreen.newGrantsLastMinutes', {
              durationMinutes: policy.value.durationMinutes,
            })}
          </p>
        ))}
    </section>
  );
}
