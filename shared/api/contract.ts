import type { z } from 'zod';
import type { CommandResult } from './errors';
import { systemContract } from './system';

export interface CommandContract {
  input: z.ZodType;
  output: z.ZodType;
}

/**
 * The API between renderer and core: every command name with its input and
 * output schemas. Core declares one handler per entry (see
 * electron/core/commands/table.ts); the preload and the e2e host generate
 * `window.clinic` from these names.
 */
export const apiContract = {
  ...systemContract,
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
