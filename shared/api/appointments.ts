import { z } from 'zod';
import { patientSummary } from './patients';

export const appointmentView = z.object({
  id: z.string(),
  patientId: z.string(),
  date: z.string(),
  reason: z.string(),
  status: z.enum(['scheduled', 'attended', 'cancelled']),
  /** A scheduled appointment whose day has passed without the patient checking in. */
  missed: z.boolean(),
  patient: patientSummary,
});
export type AppointmentView = z.infer<typeof appointmentView>;

export const appointmentsContract = {
  'appointments.schedule': {
    input: z.object({ patientId: z.uuid(), date: z.iso.date(), reason: z.string().trim().min(3).max(200) }).strict(),
    output: appointmentView,
  },
  'appointments.cancel': { input: z.object({ appointmentId: z.uuid() }).strict(), output: appointmentView },
  'appointments.dayList': { input: z.object({ date: z.iso.date() }).strict(), output: z.array(appointmentView) },
  'appointments.missed': { input: z.object({}).strict(), output: z.array(appointmentView) },
  'appointments.forPatient': { input: z.object({ patientId: z.uuid() }).strict(), output: z.array(appointmentView) },
} as const;
