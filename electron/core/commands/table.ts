import { coreContract, type CommandContract } from '../../../shared/api/contract';
import { alertCommands } from '../alerts/commands';
import { allergyCommands } from '../allergies/commands';
import { appointmentCommands } from '../appointments/commands';
import { auditCommands } from '../audit/commands';
import { consentCommands } from '../consent/commands';
import { demoCommands } from '../demo/commands';
import { diagnosisCommands } from '../diagnoses/commands';
import { labCommands } from '../labs/commands';
import { noteCommands } from '../notes/commands';
import { breakGlassCommands } from '../break-glass/commands';
import { authCommands } from '../identity/auth-commands';
import { userCommands } from '../identity/user-commands';
import { patientCommands } from '../patients/commands';
import { prescriptionCommands } from '../prescriptions/commands';
import { shiftCommands } from '../shifts/commands';
import { syncCommands } from '../sync/commands';
import { systemCommands } from '../system/commands';
import { visitCommands } from '../visits/commands';
import { vitalsCommands } from '../vitals/commands';
import type { CommandDefinition } from './types';

export type CommandTable = ReadonlyMap<string, CommandDefinition>;
export type Contract = Readonly<Record<string, CommandContract>>;

/**
 * Builds the table and proves it matches the contract one to one, so a command
 * can neither be exposed without a handler nor handled without being declared.
 */
export function buildCommandTable(definitions: readonly CommandDefinition[], contract: Contract): CommandTable {
  const table = new Map<string, CommandDefinition>();
  for (const definition of definitions) {
    if (table.has(definition.name)) throw new Error(`Command ${definition.name} is declared twice`);
    if (!Object.prototype.hasOwnProperty.call(contract, definition.name)) {
      throw new Error(`Command ${definition.name} is not in the shared contract`);
    }
    table.set(definition.name, definition);
  }
  const missing = Object.keys(contract).filter((name) => !table.has(name));
  if (missing.length > 0) throw new Error(`Commands without a handler: ${missing.join(', ')}`);
  return table;
}

/** Every command of the application, one capability at a time. */
export function applicationCommandTable(): CommandTable {
  const definitions = [
    ...systemCommands,
    ...authCommands,
    ...userCommands,
    ...auditCommands,
    ...shiftCommands,
    ...alertCommands,
    ...breakGlassCommands,
    ...patientCommands,
    ...visitCommands,
    ...vitalsCommands,
    ...consentCommands,
    ...noteCommands,
    ...appointmentCommands,
    ...allergyCommands,
    ...diagnosisCommands,
    ...prescriptionCommands,
    ...labCommands,
    ...demoCommands,
    ...syncCommands,
  ] as readonly CommandDefinition<never>[];
  return buildCommandTable(definitions, coreContract);
}
