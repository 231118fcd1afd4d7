import { useEffect, useRef, useState, type ReactNode } from 'react';

interface ConfirmActionProps {
  /** The button that starts it, e.g. "Deactivate". */
  label: string;
  /** What will happen, said before it happens. */
  question: ReactNode;
  confirmLabel: string;
  busy: boolean;
  onConfirm(): void;
  danger?: boolean;
  /** The button that backs out; "Cancel" unless that would read as the action itself (e.g. cancelling a shift). */
  dismissLabel?: string;
}

/** A button that asks once more, in place, before an action that is hard to undo. */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  busy,
  onConfirm,
  danger = false,
  dismissLabel = 'Cancel',
}: ConfirmActionProps) {
  const [asking, setAsking] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    // Focus follows the question: onto "confirm" when it appears, back to the start button when it goes.
    if (asking) confirmButton.current?.focus();
    else if (wasAsking.current) startButton.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={startButton}
        type="button"
        className={danger ? 'danger-outline' : 'secondary'}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-label={label}>
      <p>{question}</p>
      <div className="actions">
        <button
          ref={confirmButton}
          type="button"
          className={danger ? 'danger' : undefined}
          disabled={busy}
          onClick={() => {
            onConfirm();
            setAsking(false);
          }}
        >
          {confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={() => setAsking(false)} disabled={busy}>
          {dismissLabel}
        </button>
      </div>
    </div>
  );
}
