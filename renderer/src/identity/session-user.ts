import { useIdentityStore } from './identity-store';

type IdentityState = ReturnType<typeof useIdentityStore.getState>;

const userIdOf = (state: IdentityState): string | null =>
  state.session?.signedIn === true ? state.session.user.id : null;

/**
 * Calls `listener` whenever the signed-in user changes: sign-out, or someone
 * else signing in. Stores that hold what one user was shown (audit rows,
 * alerts, a shift) drop it then, so the next person never sees it. Locking
 * and unlocking keep the same user and change nothing.
 */
export function onSignedInUserChange(listener: () => void): () => void {
  return useIdentityStore.subscribe((state, previous) => {
    if (userIdOf(state) !== userIdOf(previous)) listener();
  });
}
