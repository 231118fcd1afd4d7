import { create } from 'zustand';
import type { AllergyView } from '../../../shared/api/allergies';
import type { AppointmentView } from '../../../shared/api/appointments';
import type { ConsentState } from '../../../shared/api/consent';
import type { CommandResult } from '../../../shared/api/errors';
import type { PatientView } from '../../../shared/api/patients';
import type { VisitView } from '../../../shared/api/visits';
import type { PermissionKey } from '../../../shared/security/permissions';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useIdentityStore } from '../identity/identity-store';
import { onSignedInUserChange } from '../identity/session-user';

/** One part of the chart as core last answered: its value, or why it could not be read. */
export interface Section<T> {
  value: T | null;
  error: string | null;
}

const EMPTY: Section<never> = { value: null, error: null };

export type SectionName = 'consent' | 'allergies' | 'visits' | 'appointments';

interface ChartStore {
  patientId: string | null;
  patient: PatientView | null;
  /** Why the patient could not be shown (not found, hidden from this role…). */
  patientError: string | null;
  consent: Section<ConsentState>;
  allergies: Section<readonly AllergyView[]>;
  visits: Section<readonly VisitView[]>;
  appointments: Section<readonly AppointmentView[]>;
  /** Bumped on every full re-read, so parts that load their own data (a visit's vitals) read again too. */
  revision: number;
  /** Shows this patient's chart, reading every part the user may see. */
  open(patientId: string): Promise<void>;
  /** Reads everything again, e.g. after emergency access made more of it visible. */
  reload(): Promise<void>;
  reloadSection(section: SectionName): Promise<void>;
  setPatient(patient: PatientView): void;
  setConsent(consent: ConsentState): void;
  setAllergies(allergies: readonly AllergyView[]): void;
}

/** Which permission reading each part needs (core checks again; this saves refused calls). */
const SECTION_PERMISSION: Readonly<Record<SectionName, PermissionKey>> = {
  consent: 'consent.read',
  allergies: 'patients.read',
  visits: 'encounters.read',
  appointments: 'appointments.read',
};

function canRead(section: SectionName): boolean {
  const session = useIdentityStore.getState().session;
  return session?.signedIn === true && session.permissions.includes(SECTION_PERMISSION[section]);
}

function readSection(section: SectionName, patientId: string): Promise<CommandResult<unknown>> {
  const input = { patientId };
  switch (section) {
    case 'consent':
      return runCommand(() => clinic().consent.forPatient(input));
    case 'allergies':
      return runCommand(() => clinic().allergies.forPatient(input));
    case 'visits':
      return runCommand(() => clinic().visits.forPatient(input));
    case 'appointments':
      return runCommand(() => clinic().appointments.forPatient(input));
  }
}

const SECTIONS: readonly SectionName[] = ['consent', 'allergies', 'visits', 'appointments'];

// A newer open() makes older answers stale: they belong to a chart no longer shown.
let generation = 0;

const INITIAL = {
  patientId: null,
  patient: null,
  patientError: null,
  consent: EMPTY,
  allergies: EMPTY,
  visits: EMPTY,
  appointments: EMPTY,
  revision: 0,
} satisfies Partial<ChartStore>;

export const useChartStore = create<ChartStore>((set, get) => {
  const loadSection = async (section: SectionName, patientId: string, ticket: number) => {
    if (!canRead(section)) return;
    const result = await readSection(section, patientId);
    if (ticket !== generation || get().patientId !== patientId) return;
    set({
      [section]: result.ok
        ? { value: result.value, error: null }
        : { value: get()[section].value, error: result.message },
    });
  };

  const loadAll = async (patientId: string) => {
    const ticket = ++generation;
    const result = await runCommand(() => clinic().patients.get({ patientId }));
    if (ticket !== generation) return;
    if (!result.ok) {
      set({ patient: null, patientError: result.message });
      return;
    }
    set({ patient: result.value, patientError: null });
    await Promise.all(SECTIONS.map((section) => loadSection(section, patientId, ticket)));
  };

  return {
    ...INITIAL,

    async open(patientId) {
      if (get().patientId !== patientId) {
        set({ ...INITIAL, patientId, revision: get().revision + 1 });
      }
      await loadAll(patientId);
    },

    async reload() {
      const { patientId } = get();
      if (patientId === null) return;
      set((state) => ({ revision: state.revision + 1 }));
      await loadAll(patientId);
    },

    async reloadSection(section) {
      const { patientId } = get();
      if (patientId !== null) await loadSection(section, patientId, generation);
    },

    setPatient(patient) {
      if (get().patientId === patient.id) set({ patient });
    },
    setConsent(consent) {
      set({ consent: { value: consent, error: null } });
    },
    setAllergies(allergies) {
      set({ allergies: { value: allergies, error: null } });
    },
  };
});

onSignedInUserChange(() => {
  generation += 1;
  useChartStore.setState(INITIAL);
});
