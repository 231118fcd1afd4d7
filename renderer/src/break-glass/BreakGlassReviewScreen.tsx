import { zodResolver } from '@hookform/resolvers/zod';
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

/**
 * Every use of emergency access waits here until an admin has looked at it:
 * who, which patient, why, when and for how long; marked reviewed with a
 * comment. The duration of new grants is set below.
 */
export function BreakGlassReviewScreen() {
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
        <h1 id="review-title">Emergency access review</h1>
        {grants !== null && (
          <span className={waiting > 0 ? 'tag tag-alert' : 'tag tag-ok'}>
            {waiting === 0 ? 'None waiting' : `${waiting} waiting`}
          </span>
        )}
      </div>
      <p>
        Each time someone opened sensitive records they may not normally see, they gave a reason and confirmed it was
        them. Check each use with the person or their manager, then mark it reviewed with what you found.
      </p>
      <label className="check-row">
        <input
          type="checkbox"
          checked={includeReviewed}
          onChange={(event) => {
            setNotice(null);
            void load(event.target.checked);
          }}
        />
        Show reviewed ones too
      </label>
      <Notice message={notice} />
      {error !== null && (
        <div className="stack">
          <p role="alert" className="form-error">
            {error}
          </p>
          <button type="button" className="secondary align-start" onClick={() => void load(includeReviewed)}>
            Try again
          </button>
        </div>
      )}
      {grants === null && error === null && <p aria-live="polite">Loading…</p>}
      {grants !== null && grants.length === 0 && (
        <p className="muted">{includeReviewed ? 'Emergency access has not been used.' : 'Nothing waits for review.'}</p>
      )}
      {grants !== null && grants.length > 0 && (
        <ul className="alert-list" aria-label="Emergency access">
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
  const id = useId();
  const canRead = useCan('patients.read');
  const number = useBreakGlassStore((store) => store.numbers[grant.patientId]);
  const [reviewing, setReviewing] = useState(false);
  const open = grant.reviewedAt === null;
  const running = new Date(grant.expiresAt) > new Date();
  const who = grant.userName ?? 'A removed user';
  const reviewer = grant.reviewedBy === null ? null : (userNames.get(grant.reviewedBy) ?? null);
  return (
    <li className={open ? 'alert-card alert-open' : 'alert-card alert-done'} aria-labelledby={`${id}-title`}>
      <div className="alert-head">
        <h3 id={`${id}-title`}>{who}</h3>
        <span className={open ? 'tag tag-alert' : 'tag tag-muted'}>{open ? 'Waiting for review' : 'Reviewed'}</span>
        {running && <span className="tag tag-warning">Running now</span>}
      </div>
      <blockquote className="grant-reason">{grant.reason}</blockquote>
      <p className="alert-meta">
        <span>
          Patient:{' '}
          {number !== undefined ? (
            <strong className="mono">{number}</strong>
          ) : (
            <span className="mono grant-patient-id">{grant.patientId}</span>
          )}
          {canRead && (
            <>
              {' '}
              (<Link to={`/patients/${grant.patientId}`}>open chart</Link>)
            </>
          )}
        </span>
        <span>
          Granted <time dateTime={grant.grantedAt}>{formatDateTime(grant.grantedAt)}</time>
        </span>
        <span>
          {running ? 'Until' : 'Ended'} <time dateTime={grant.expiresAt}>{formatClock(grant.expiresAt)}</time>
        </span>
      </p>
      {!open && grant.reviewedAt !== null && (
        <p className="alert-meta">
          Reviewed {formatDateTime(grant.reviewedAt)}
          {reviewer !== null && ` by ${reviewer}`}
          {grant.reviewComment !== null && <>: “{grant.reviewComment}”</>}
        </p>
      )}
      {open && !reviewing && (
        <button type="button" className="secondary" onClick={() => setReviewing(true)}>
          Mark reviewed
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
  const markReviewed = useReviewStore((store) => store.markReviewed);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof reviewForm>, unknown, ReviewValues>({
    resolver: zodResolver(reviewForm),
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
        label="Review comment"
        hint="What you checked and found, e.g. “Confirmed with the ward: unconscious patient, treatment needed HIV status.”"
        registration={register('comment')}
        error={errors.comment?.message}
        maxLength={commentSchema.maxLength ?? 500}
        rows={2}
        autoFocus
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : 'Mark reviewed'}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={isSubmitting}>
          Not yet
        </button>
      </div>
    </form>
  );
}

/** How long a new grant lasts (breakGlass.getPolicy / setPolicy); editable with settings.security. */
function DurationPanel() {
  const canEdit = useCan('settings.security');
  const policy = useCommandValue(() => clinic().breakGlass.getPolicy({}));

  return (
    <section className="panel thresholds-panel" aria-labelledby="duration-title">
      <h2 id="duration-title">How long emergency access lasts</h2>
      <LoadState loading={policy.value === null} error={policy.error} />
      {policy.value !== null &&
        (canEdit ? (
          <NumberSettingsForm
            shape={breakGlassPolicy.shape}
            fields={[{ name: 'durationMinutes', label: 'Minutes of access per request' }]}
            initial={policy.value}
            save={(values) => clinic().breakGlass.setPolicy(values)}
            onSaved={policy.setValue}
            submitLabel="Save duration"
            savedNotice="Saved. Grants from now on last this long; those running keep their end time."
          />
        ) : (
          <p>New grants last {policy.value.durationMinutes} minutes.</p>
        ))}
    </section>
  );
}
