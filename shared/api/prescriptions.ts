import { z } from 'zod';
import { SENSITIVITY_CATEGORIES } from '../security/sensitivity';
import { drugEntry, ROUTES } from './reference';
import { visitView } from './visits';

export const FREQUENCIES = {
  OD: { label: 'Once a day', perDay: 1 },
  BD: { label: 'Twice a day', perDay: 2 },
  TDS: { label: 'Three times a day', perDay: 3 },
  QID: { label: 'Four times a day', perDay: 4 },
  NOCTE: { label: 'At night', perDay: 1 },
  STAT: { label: 'Once, now', perDay: null },
  PRN: { label: 'When needed', perDay: null },
  WEEKLY: { label: 'Once a week', perDay: 1 / 7 },
} as const;
export type Frequency = keyof typeof FREQUENCIES;
const frequencySchema = z.enum(Object.keys(FREQUENCIES) as [Frequency, ...Frequency[]]);

export const prescribeInput = z
  .object({
    visitId: z.uuid(),
    drugCode: z.string().min(1).max(80),
    /** How much per dose, in words the patient is told: "2 tablets", "5 ml". */
    dose: z.string().trim().min(1).max(60),
    route: z.enum(ROUTES),
    frequency: frequencySchema,
    durationDays: z.number().int().min(1).max(365),
    /** How many dispensing units (tablets, bottles…) to hand out. */
    quantity: z.number().int().min(1).max(1000),
    instructions: z.string().trim().max(300).optional(),
  })
  .strict();

export const dispensingView = z.object({
  id: z.string(),
  outcome: z.enum(['dispensed', 'stock_out']),
  quantity: z.number().int(),
  note: z.string().nullable(),
  at: z.string(),
  by: z.string(),
  byName: z.string().nullable(),
});

export const prescriptionView = z.object({
  id: z.string(),
  patientId: z.string(),
  visitId: z.string(),
  drugCode: z.string(),
  drugName: z.string(),
  strength: z.string(),
  form: z.string(),
  unit: z.string(),
  dose: z.string(),
  route: z.enum(ROUTES),
  frequency: frequencySchema,
  durationDays: z.number().int(),
  quantity: z.number().int(),
  instructions: z.string().nullable(),
  sensitivity: z.enum(SENSITIVITY_CATEGORIES),
  status: z.enum(['active', 'cancelled']),
  cancelReason: z.string().nullable(),
  prescribedAt: z.string(),
  prescribedBy: z.string(),
  prescribedByName: z.string().nullable(),
  dispensedQuantity: z.number().int(),
  /** Everything handed out, partly handed out, nothing yet, or last seen out of stock. */
  dispensingState: z.enum(['pending', 'partial', 'complete', 'stock_out']),
  dispensings: z.array(dispensingView),
});
export type PrescriptionView = z.infer<typeof prescriptionView>;

export const prescriptionsContract = {
  'reference.searchFormulary': {
    input: z.object({ query: z.string().trim().min(1).max(80) }).strict(),
    output: z.array(drugEntry),
  },
  'prescriptions.create': { input: prescribeInput, output: prescriptionView },
  'prescriptions.cancel': {
    input: z.object({ prescriptionId: z.uuid(), reason: z.string().trim().min(5).max(200) }).strict(),
    output: prescriptionView,
  },
  'prescriptions.forVisit': { input: z.object({ visitId: z.uuid() }).strict(), output: z.array(prescriptionView) },
  'dispensing.dispense': {
    input: z
      .object({
        prescriptionId: z.uuid(),
        quantity: z.number().int().min(1).max(1000),
        note: z.string().trim().max(200).optional(),
      })
      .strict(),
    output: prescriptionView,
  },
  'dispensing.stockOut': {
    input: z.object({ prescriptionId: z.uuid(), note: z.string().trim().max(200).optional() }).strict(),
    output: prescriptionView,
  },
  /**
   * The pharmacy is done with the patient: every prescription is dispensed or
   * recorded out of stock, and the visit closes as discharged, leaving the queue.
   */
  'dispensing.complete': { input: z.object({ visitId: z.uuid() }).strict(), output: visitView },
} as const;
