import { useEffect, useState } from 'react';
import type { FieldValues, UseFormGetValues } from 'react-hook-form';
import { useIdentityStore } from '../identity/identity-store';
import { onSignedInUserChange } from '../identity/session-user';

/**
 * What someone had typed into a clinical form they left unsaved: they went to
 * clock in, answered a call, or the workstation locked while they were away.
 * Kept in memory only (never on disk), for the same signed-in user; dropped
 * when the form is saved and when anyone signs out or another user signs in.
 */
const drafts = new Map<string, { userId: string; values: FieldValues }>();

function signedInUserId(): string | null {
  const session = useIdentityStore.getState().session;
  return session?.signedIn === true ? session.user.id : null;
}

/** The draft left under `key` by the signed-in user, if any. */
export function readDraft<T extends FieldValues>(key: string): T | null {
  const draft = drafts.get(key);
  return draft !== undefined && draft.userId === signedInUserId() ? (draft.values as T) : null;
}

/**
 * A form's starting values: the draft left under `key`, else `empty`; and
 * whether they are a restored draft (the form says so).
 */
export function useDraftStart<T extends FieldValues>(key: string, empty: T): { initial: T; restored: boolean } {
  const [start] = useState(() => {
    const draft = readDraft<T>(key);
    return { initial: draft ?? empty, restored: draft !== null };
  });
  return start;
}

/**
 * Keeps what is typed under `key` when the form goes away (navigation, the
 * lock screen), unless it is just the empty form. A signed-out app keeps nothing.
 */
export function useKeepDraft<T extends FieldValues>(key: string, getValues: UseFormGetValues<T>, empty: T): void {
  const [blank] = useState(() => stableJson(empty));
  useEffect(
    () => () => {
      const userId = signedInUserId();
      if (userId === null) return;
      const values = getValues();
      if (stableJson(values) === blank) drafts.delete(key);
      else drafts.set(key, { userId, values });
    },
    [key, getValues, blank],
  );
}

/** JSON with object keys sorted, so the same values compare equal whatever order they were set in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

export function dropDraft(key: string): void {
  drafts.delete(key);
}

onSignedInUserChange(() => drafts.clear());
