import { create } from 'zustand';
import type { AuditEntryView, AuditFilter } from '../../../shared/api/audit';
import type { CommandFailure } from '../../../shared/api/errors';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { onSignedInUserChange } from '../identity/session-user';
import { EMPTY_FILTER, type AuditFilterValues } from './audit-filter';

export const AUDIT_PAGE_SIZE = 50;

interface AuditStore {
  /** The form as last searched, so coming back to the screen shows the same view. */
  values: AuditFilterValues;
  /** The filter of the rows shown, which is also what Export CSV exports. */
  filter: AuditFilter;
  page: number;
  entries: readonly AuditEntryView[] | null;
  total: number;
  loading: boolean;
  error: string | null;
  /**
   * Shows the entries matching `filter`. A VALIDATION refusal is returned for
   * the form to put on its fields (the rows shown stay as they were); any
   * other is kept in `error`.
   */
  search(values: AuditFilterValues, filter: AuditFilter, page?: number): Promise<CommandFailure | null>;
  showPage(page: number): Promise<CommandFailure | null>;
}

let latestSearch = 0;

const INITIAL = {
  values: EMPTY_FILTER,
  filter: {},
  page: 0,
  entries: null,
  total: 0,
  loading: false,
  error: null,
} satisfies Partial<AuditStore>;

export const useAuditStore = create<AuditStore>((set, get) => ({
  ...INITIAL,

  async search(values, filter, page = 0) {
    const ticket = ++latestSearch;
    set({ loading: true, error: null });
    const result = await runCommand(() =>
      clinic().audit.search({ filter, limit: AUDIT_PAGE_SIZE, offset: page * AUDIT_PAGE_SIZE }),
    );
    if (ticket !== latestSearch) return null;
    if (result.ok) {
      set({ values, filter, page, entries: result.value.entries, total: result.value.total, loading: false });
      return null;
    }
    set(result.code === 'VALIDATION' ? { loading: false } : { error: result.message, loading: false });
    return result;
  },

  showPage(page) {
    const { values, filter } = get();
    return get().search(values, filter, page);
  },
}));

onSignedInUserChange(() => {
  latestSearch += 1;
  useAuditStore.setState(INITIAL);
});
