import type { DemoCounts } from '../../../shared/api/demo';
import type { Diagnosis } from '../../../shared/api/reference';
import { KENYA_COUNTIES } from '../../../shared/reference/counties';
import { APPOINTMENTS } from '../consent/schema';
import { DIAGNOSES } from '../diagnoses/schema';
import { LAB_ORDERS, LAB_RESULTS } from '../labs/schema';
import { PRESCRIPTIONS } from '../prescriptions/schema';
import type { WriteContext } from '../records/writer';
import type { CoreServices } from '../services';
import { VISITS, VITAL_SIGNS } from '../visits/schema';

const FAMILY = [
  'Wanjiru',
  'Otieno',
  'Kamau',
  'Mwangi',
  'Odhiambo',
  'Njoroge',
  'Kiprono',
  'Chebet',
  'Mutua',
  'Wambui',
  'Ochieng',
  'Achieng',
  'Kariuki',
  'Mohamed',
  'Hassan',
  'Baraka',
  'Omondi',
  'Wekesa',
  'Nyambura',
  'Kilonzo',
  'Korir',
  'Jeptoo',
  'Muthoni',
  'Karisa',
  'Kahindi',
  'Charo',
  'Mwadime',
  'Salim',
  'Abdi',
  'Lokwang',
];
const GIVEN_F = [
  'Amina',
  'Zawadi',
  'Faith',
  'Mercy',
  'Grace',
  'Esther',
  'Halima',
  'Akinyi',
  'Wanjiku',
  'Neema',
  'Rehema',
  'Mwanaisha',
  'Joy',
  'Dorcas',
  'Saida',
];
const GIVEN_M = [
  'Brian',
  'Baraka',
  'Juma',
  'Kevin',
  'Hassan',
  'Omari',
  'Daniel',
  'Kiprotich',
  'Otieno',
  'Said',
  'Emmanuel',
  'Peter',
  'Musa',
  'Dennis',
  'Ali',
];
const COMMON_DIAGNOSES = [
  'malaria-confirmed',
  'urti',
  'pneumonia',
  'diarrhoea-no-dehydration',
  'uti',
  'intestinal-worms',
  'hypertension',
  'tinea-corporis',
  'typhoid',
  'lrti',
];

type County = (typeof KENYA_COUNTIES)[number];
const isCounty = (value: string | undefined): value is County => KENYA_COUNTIES.some((county) => county === value);
const countyOf = (value: string | undefined): County => (isCounty(value) ? value : 'Kilifi');

/** A small seeded generator (mulberry32): the same seed gives the same facility. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type { DemoCounts };

function emptyCounts(): DemoCounts {
  return { patients: 0, visits: 0, vitals: 0, diagnoses: 0, prescriptions: 0, labOrders: 0, appointments: 0 };
}

/** The first few patients wait in today's queue, so every queue screen has someone in it. */
const WAITING_TODAY = 6;

/**
 * A synthetic facility: patients of all ages with realistic Kenyan names, and
 * a history of closed visits with vitals, diagnoses, prescriptions and
 * results over the last months, plus a few visits waiting in today's queue.
 * Written through the record writer, like any other record. Patients are
 * written one at a time from one seeded sequence, so a fill cut into chunks
 * (one transaction each) gives the same facility as a fill in one go.
 */
export class DemoFacilityWriter {
  readonly counts: DemoCounts = emptyCounts();
  private readonly next: () => number;
  private readonly diagnosisPool: readonly Diagnosis[];
  private readonly drugs: CoreServices['reference']['drugs'];
  private readonly rdt: ReturnType<CoreServices['reference']['labTest']>;
  private readonly numberPrefix: string;
  private readonly county: County;

  constructor(
    private readonly services: CoreServices,
    private readonly ctx: WriteContext,
    seed: number,
  ) {
    this.next = random(seed);
    const diagnoses = COMMON_DIAGNOSES.map((code) => services.reference.diagnosis(code)).filter(
      (entry): entry is Diagnosis => entry !== undefined,
    );
    const fallback = services.reference.diagnoses.filter((entry) => entry.sensitivity === 'none').slice(0, 20);
    this.diagnosisPool = diagnoses.length > 0 ? diagnoses : fallback;
    this.drugs = services.reference.drugs
      .filter((drug) => drug.sensitivity === 'none' && drug.routes.includes('oral'))
      .slice(0, 30);
    this.rdt = services.reference.labTest('malaria-rdt');
    const facility = services.identity.facility();
    const workstation = services.workstationId.replace(/-/g, '').slice(0, 6).toUpperCase();
    this.numberPrefix = `${facility?.mfl_code ?? '00000'}-${workstation}`;
    this.county = countyOf(facility?.county);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Writes the patient at `index` (0-based, in order) with their history. */
  writePatient(index: number): void {
    const { services, ctx } = this;
    const next = this.next;
    const female = next() < 0.55;
    const ageYears = next() < 0.25 ? Math.floor(next() * 5) : 5 + Math.floor(next() * 70);
    const birth = new Date(ctx.now.getTime() - (ageYears * 365.25 + next() * 365) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const familyName = this.pick(FAMILY);
    const details = {
      familyName,
      givenName: this.pick(female ? GIVEN_F : GIVEN_M),
      sex: female ? ('female' as const) : ('male' as const),
      birth: { kind: 'date' as const, date: birth },
      phone: next() < 0.8 ? `+2547${String(Math.floor(next() * 1e8)).padStart(8, '0')}` : undefined,
      residence: { county: this.county },
      identifiers:
        ageYears >= 18 && next() < 0.7
          ? [{ type: 'national_id' as const, value: String(20_000_000 + Math.floor(next() * 19_999_999)) }]
          : [],
      sensitivity: 'none' as const,
    };
    const sequence = services.records.nextCounter('patient_number');
    const patientId = services.patients.register(
      details,
      `${this.numberPrefix}-${String(sequence).padStart(5, '0')}`,
      ctx,
    );
    this.counts.patients += 1;

    const visitCount = Math.floor(next() * 3);
    for (let visit = 0; visit < visitCount; visit += 1) this.writePastVisit(patientId, visit, ageYears);
    if (next() < 0.05) {
      const date = new Date(ctx.now.getTime() + (Math.floor(next() * 28) - 7) * 86_400_000).toISOString().slice(0, 10);
      services.records.insert(
        APPOINTMENTS,
        { patient_id: patientId, date, reason: 'Review', status: 'scheduled', visit_id: null },
        ctx,
      );
      this.counts.appointments += 1;
    }
    if (index < WAITING_TODAY) {
      services.visits.checkIn(patientId, null, ctx);
      this.counts.visits += 1;
    }
  }

  private writePastVisit(patientId: string, visit: number, ageYears: number): void {
    const { services } = this;
    const next = this.next;
    const at = new Date(this.ctx.now.getTime() - Math.floor(next() * 180) * 86_400_000 - 8 * 3_600_000);
    const visitCtx = { ...this.ctx, now: at };
    const visitId = services.records.insert(
      VISITS,
      {
        patient_id: patientId,
        checked_in_at: at.toISOString(),
        attendance: visit === 0 ? 'new' : 'revisit',
        referred_from: null,
        stage: 'done',
        outcome: 'discharged',
        referral_destination: null,
        closed_at: at.toISOString(),
      },
      visitCtx,
    );
    this.counts.visits += 1;
    services.records.insert(
      VITAL_SIGNS,
      {
        patient_id: patientId,
        visit_id: visitId,
        recorded_at: at.toISOString(),
        temperature_c: Math.round((36 + next() * 3) * 10) / 10,
        pulse_bpm: 60 + Math.floor(next() * 60),
        respiratory_rate: 14 + Math.floor(next() * 16),
        systolic_mmhg: ageYears >= 18 ? 100 + Math.floor(next() * 60) : null,
        diastolic_mmhg: ageYears >= 18 ? 60 + Math.floor(next() * 35) : null,
        weight_kg: Math.round((ageYears < 5 ? 4 + ageYears * 3 : 45 + next() * 40) * 10) / 10,
        height_cm: null,
        spo2_percent: 92 + Math.floor(next() * 8),
        muac_cm: null,
        supersedes_id: null,
        amendment_reason: null,
      },
      visitCtx,
    );
    this.counts.vitals += 1;
    const diagnosis = this.pick(this.diagnosisPool);
    services.records.insert(
      DIAGNOSES,
      {
        patient_id: patientId,
        visit_id: visitId,
        code: diagnosis.code,
        label: diagnosis.label,
        icd10: JSON.stringify(diagnosis.icd10),
        episode: visit === 0 ? 'new' : 'repeat',
        sensitivity: diagnosis.sensitivity,
        status: 'active',
        supersedes_id: null,
        amendment_reason: null,
      },
      visitCtx,
    );
    this.counts.diagnoses += 1;
    const drug = this.drugs.length > 0 ? this.pick(this.drugs) : undefined;
    if (drug !== undefined) {
      services.records.insert(
        PRESCRIPTIONS,
        {
          patient_id: patientId,
          visit_id: visitId,
          drug_code: drug.code,
          drug_name: drug.name,
          strength: drug.strength,
          form: drug.form,
          unit: drug.unit,
          dose: `1 ${drug.unit}`,
          route: 'oral',
          frequency: 'BD',
          duration_days: 5,
          quantity: 10,
          instructions: null,
          sensitivity: 'none',
          status: 'active',
          cancel_reason: null,
        },
        visitCtx,
      );
      this.counts.prescriptions += 1;
    }
    if (this.rdt !== undefined && diagnosis.code.startsWith('malaria')) {
      const rdt = this.rdt;
      const orderId = services.records.insert(
        LAB_ORDERS,
        {
          patient_id: patientId,
          visit_id: visitId,
          test_code: rdt.code,
          test_name: rdt.name,
          kind: rdt.kind,
          sensitivity: rdt.sensitivity,
          status: 'resulted',
          collected_at: at.toISOString(),
        },
        visitCtx,
      );
      services.records.insert(
        LAB_RESULTS,
        {
          order_id: orderId,
          patient_id: patientId,
          value_numeric: null,
          value_coded: 'Positive',
          unit: null,
          flag: 'abnormal',
          reference_text: null,
          sensitivity: rdt.sensitivity,
          supersedes_id: null,
          amendment_reason: null,
        },
        visitCtx,
      );
      this.counts.labOrders += 1;
    }
  }
}

/** The whole facility in the caller's transaction (`demo.fill`, tests, scripts). */
export function generateDemoFacility(
  services: CoreServices,
  ctx: WriteContext,
  patientCount: number,
  seed: number,
): DemoCounts {
  const writer = new DemoFacilityWriter(services, ctx, seed);
  for (let index = 0; index < patientCount; index += 1) writer.writePatient(index);
  return writer.counts;
}
