import type { z } from 'zod';
import type { CommandResult } from './errors';
import { alertsContract } from './alerts';
import { allergiesContract } from './allergies';
import { appointmentsContract } from './appointments';
import { auditContract } from './audit';
import { consentContract } from './consent';
import { demoContract } from './demo';
import { diagnosesContract } from './diagnoses';
import { labsContract } from './labs';
import { notesContract } from './notes';
import { breakGlassContract } from './break-glass';
import { identityContract } from './identity';
import { patientsContract } from './patients';
import { prescriptionsContract } from './prescriptions';
import { shiftsContract } from './shifts';
import { visitsContract } from './visits';
import { vitalsContract } from './vitals';
import { syncContract } from './sync';
import { systemContract } from './system';
import { workstationContract } from './workstation';

export interface CommandContract {
  input: z.ZodType;
  output: z.ZodType;
}

/** Commands that run on an unlocked workstation, through the dispatcher (electron/core/commands). */
export const coreContract = {
  ...systemContract,
  ...identityContract,
  ...auditContract,
  ...shiftsContract,
  ...alertsContract,
  ...breakGlassContract,
  ...patientsContract,
  ...visitsContract,
  ...vitalsContract,
  ...consentContract,
  ...notesContract,
  ...appointmentsContract,
  ...allergiesContract,
  ...diagnosesContract,
  ...prescriptionsContract,
  ...labsContract,
  ...demoContract,
  ...syncContract,
} as const satisfies Record<string, CommandContract>;

/**
 * The API between renderer and core: every command name with its input and
 * output schemas. The workstation commands unlock the encrypted store and are
 * handled by the workstation host (electron/core/workstation); all others by
 * the dispatcher. The preload and the e2e host generate `window.clinic` from
 * these names.
 */
export const apiContract = {
  ...workstationContract,
  ...coreContract,
} as const satisfies Record<string, CommandContract>;

export type ApiContract = typeof apiContract;
export type CommandName = keyof ApiContract & string;
export type CommandInput<N extends CommandName> = z.input<ApiContract[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<ApiContract[N]['output']>;

export const commandNames = Object.keys(apiContract) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiContract, name);
}

export type Invoke = <N extends CommandName>(
  name: N,
  input: CommandInput<N>,
) => Promise<CommandResult<CommandOutput<N>>>;
