import { create } from 'zustand';
import type { PatientSummary } from '../../../shared/api/patients';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { onSignedInUserChange } from '../identity/session-user';

/** Pause after the last keystroke before searching: every search is a recorded read of patient records. */
export const SEARCH_DEBOUNCE_MS = 200;
export const MIN_QUERY_LENGTH = 2;
const MAX_QUERY_LENGTH = 80;
export const RESULT_LIMIT = 20;

/** What is sent for what was typed: spaces tidied; null while too short to search. */
export function searchableQuery(typed: string): string | null {
  const query = typed.trim().replace(/\s+/g, ' ').slice(0, MAX_QUERY_LENGTH).trim();
  return query.length < MIN_QUERY_LENGTH ? null : query;
}

interface PatientSearchStore {
  /** The search box as typed. */
  typed: string;
  /** The query the shown results answer; null when none are shown. */
  searched: string | null;
  results: readonly PatientSummary[] | null;
  /** A search is waiting for typing to pause, or core has not answered yet. */
  pending: boolean;
  error: string | null;
  /** Takes what was typed and searches once typing pauses. */
  type(typed: string): void;
  clear(): void;
}

let timer: ReturnType<typeof setTimeout> | null = null;
// Each search takes a ticket; an answer to an older one (the user kept typing) is dropped.
let latestTicket = 0;

function cancelPending(): void {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  latestTicket += 1;
}

export const usePatientSearchStore = create<PatientSearchStore>((set, get) => {
  const search = async (query: string) => {
    const ticket = ++latestTicket;
    const result = await runCommand(() => clinic().patients.search({ query, limit: RESULT_LIMIT }));
    if (ticket !== latestTicket) return;
    set(
      result.ok
        ? { searched: query, results: result.value, pending: false, error: null }
        : { pending: false, error: result.message },
    );
  };

  return {
    typed: '',
    searched: null,
    results: null,
    pending: false,
    error: null,

    type(typed) {
      const query = searchableQuery(typed);
      const previous = searchableQuery(get().typed);
      set({ typed });
      if (query === previous && (get().results !== null || get().pending)) return;
      cancelPending();
      if (query === null) {
        set({ searched: null, results: null, pending: false, error: null });
        return;
      }
      set({ pending: true });
      timer = setTimeout(() => {
        timer = null;
        void search(query);
      }, SEARCH_DEBOUNCE_MS);
    },

    clear() {
      cancelPending();
      set({ typed: '', searched: null, results: null, pending: false, error: null });
    },
  };
});

// The next person at the desk never sees who the last one looked for.
onSignedInUserChange(() => usePatientSearchStore.getState().clear());
