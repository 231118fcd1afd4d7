import { create } from 'zustand';
import type { AllergyView } from '../../../shared/api/allergies';
import type { DiagnosisView } from '../../../shared/api/diagnoses';
import type { CommandResult } from '../../../shared/api/errors';
import type { LabOrderView } from '../../../shared/api/labs';
import type { NoteView } from '../../../shared/api/notes';
import type { PatientView } from '../../../shared/api/patients';
import type { PrescriptionView } from '../../../shared/api/prescriptions';
import type { VisitView } from '../../../shared/api/visits';
import type { VitalsView } from '../../../shared/api/vitals';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { onSignedInUserChange } from '../identity/session-user';
import { useQueueStore } from './queue-store';

/** Which records the screen shows; only those the user may read are asked for (each read is audited). */
export interface VisitSections {
  vitals: boolean;
  diagnoses: boolean;
  notes: boolean;
  prescriptions: boolean;
  labs: boolean;
  /** Where medicines are decided or handed out. */
  allergies: boolean;
}

interface VisitStore {
  patientId: string | null;
  visitId: string | null;
  patient: PatientView | null;
  visit: VisitView | null;
  /** Each list as core returned it, oldest first, corrections included; null when not read (or not allowed). */
  vitals: readonly VitalsView[] | null;
  diagnoses: readonly DiagnosisView[] | null;
  notes: readonly NoteView[] | null;
  prescriptions: readonly PrescriptionView[] | null;
  labOrders: readonly LabOrderView[] | null;
  allergies: readonly AllergyView[] | null;
  loading: boolean;
  /** Why the visit could not be shown (not found, not available to the role). */
  problem: string | null;
  /** Reads the visit with its patient (visits.get), then the sections asked for. */
  open(visitId: string, sections: VisitSections): Promise<void>;
  putVisit(visit: VisitView): void;
  /** A new reading, or a correction: the reading it replaces is marked as replaced. */
  putVitals(reading: VitalsView): void;
  putDiagnosis(diagnosis: DiagnosisView): void;
  putNote(note: NoteView): void;
  /** Prescriptions and lab orders change in place (dispensed, resulted): core returns each one whole. */
  putPrescription(prescription: PrescriptionView): void;
  putLabOrders(orders: readonly LabOrderView[]): void;
}

let latestOpen = 0;

const EMPTY = {
  patientId: null,
  visitId: null,
  patient: null,
  visit: null,
  vitals: null,
  diagnoses: null,
  notes: null,
  prescriptions: null,
  labOrders: null,
  allergies: null,
  loading: false,
  problem: null,
} satisfies Partial<VisitStore>;

/** Replaces each record by id, adding the new ones at the end. */
function withReplaced<T extends { id: string }>(list: readonly T[] | null, records: readonly T[]): readonly T[] {
  const byId = new Map(records.map((record) => [record.id, record]));
  const kept = (list ?? []).map((item) => byId.get(item.id) ?? item);
  const known = new Set(kept.map((item) => item.id));
  return [...kept, ...records.filter((record) => !known.has(record.id))];
}

/** Adds a record that may supersede another, marking that one as superseded (core's view after the write). */
function withAmendment<T extends { id: string; supersedesId: string | null; supersededBy: string | null }>(
  list: readonly T[] | null,
  record: T,
): readonly T[] | null {
  if (list === null) return null;
  const marked = list.map((item) => (item.id === record.supersedesId ? { ...item, supersededBy: record.id } : item));
  return [...marked.filter((item) => item.id !== record.id), record];
}

async function optional<T>(wanted: boolean, call: () => Promise<CommandResult<T>>): Promise<CommandResult<T> | null> {
  return wanted ? runCommand(call) : null;
}

export const useVisitStore = create<VisitStore>((set, get) => ({
  ...EMPTY,

  async open(visitId, sections) {
    const ticket = ++latestOpen;
    const same = get().visitId === visitId;
    set(same ? { loading: true, problem: null } : { ...EMPTY, visitId, loading: true });
    const detail = await runCommand(() => clinic().visits.get({ visitId }));
    if (ticket !== latestOpen) return;
    if (!detail.ok) {
      set({ loading: false, problem: detail.message });
      return;
    }
    const { patient, ...visit } = detail.value;
    const patientId = patient.id;
    const [vitals, diagnoses, notes, prescriptions, labOrders, allergies] = await Promise.all([
      optional(sections.vitals, () => clinic().vitals.forVisit({ visitId })),
      optional(sections.diagnoses, () => clinic().diagnoses.forVisit({ visitId })),
      optional(sections.notes, () => clinic().notes.forVisit({ visitId })),
      optional(sections.prescriptions, () => clinic().prescriptions.forVisit({ visitId })),
      optional(sections.labs, () => clinic().labs.forVisit({ visitId })),
      optional(sections.allergies, () => clinic().allergies.forPatient({ patientId })),
    ]);
    if (ticket !== latestOpen) return;
    const refused = [vitals, diagnoses, notes, prescriptions, labOrders, allergies].find(
      (result) => result !== null && !result.ok,
    );
    set({
      patientId,
      patient,
      visit,
      vitals: vitals?.ok === true ? vitals.value : null,
      diagnoses: diagnoses?.ok === true ? diagnoses.value : null,
      notes: notes?.ok === true ? notes.value : null,
      prescriptions: prescriptions?.ok === true ? prescriptions.value : null,
      labOrders: labOrders?.ok === true ? labOrders.value : null,
      allergies: allergies?.ok === true ? allergies.value : null,
      loading: false,
      problem: refused !== undefined && refused !== null && !refused.ok ? refused.message : null,
    });
  },

  putVisit(visit) {
    if (get().visitId !== visit.id) return;
    set({ visit });
    // The queue lists open visits by stage: this one has moved or closed, so read it afresh next time.
    useQueueStore.setState({ readAt: null });
  },

  putVitals(reading) {
    if (get().visitId === reading.visitId) set((state) => ({ vitals: withAmendment(state.vitals ?? [], reading) }));
  },

  putDiagnosis(diagnosis) {
    if (get().visitId === diagnosis.visitId) {
      set((state) => ({ diagnoses: withAmendment(state.diagnoses ?? [], diagnosis) }));
    }
  },

  putNote(note) {
    if (get().visitId === note.visitId) set((state) => ({ notes: withAmendment(state.notes ?? [], note) }));
  },

  putPrescription(prescription) {
    if (get().visitId === prescription.visitId) {
      set((state) => ({ prescriptions: withReplaced(state.prescriptions, [prescription]) }));
    }
  },

  putLabOrders(orders) {
    const visitId = get().visitId;
    const ours = orders.filter((order) => order.visitId === visitId);
    if (ours.length > 0) set((state) => ({ labOrders: withReplaced(state.labOrders, ours) }));
  },
}));

onSignedInUserChange(() => {
  latestOpen += 1;
  useVisitStore.setState(EMPTY);
});
