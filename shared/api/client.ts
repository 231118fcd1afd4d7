import type { CommandResult } from './errors';
import { commandNames, type CommandInput, type CommandName, type CommandOutput } from './contract';

type NamespaceOf<N extends string> = N extends `${infer NS}.${string}` ? NS : never;
type MethodOf<N extends string, NS extends string> = N extends `${NS}.${infer M}` ? M : never;

/** `window.clinic`: one async method per command, grouped by namespace (`clinic.system.about({})`). */
export type ClinicApi = {
  readonly [NS in NamespaceOf<CommandName>]: {
    readonly [M in MethodOf<CommandName, NS>]: (
      input: CommandInput<`${NS}.${M}` & CommandName>,
    ) => Promise<CommandResult<CommandOutput<`${NS}.${M}` & CommandName>>>;
  };
};

export type RawInvoke = (name: CommandName, input: unknown) => Promise<unknown>;

/** IPC channel of a command; main registers exactly these, the preload calls exactly these. */
export function ipcChannelFor(name: CommandName): string {
  return `clinic:${name}`;
}

/**
 * Builds `window.clinic` from the contract. The preload passes ipcRenderer.invoke,
 * the e2e host a Playwright binding; both therefore expose the same surface.
 */
export function createClinicApi(invoke: RawInvoke): ClinicApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of commandNames) {
    const [namespace, method] = splitCommandName(name);
    const group = (api[namespace] ??= {});
    group[method] = (input: unknown) => invoke(name, input);
  }
  for (const group of Object.values(api)) Object.freeze(group);
  return Object.freeze(api) as unknown as ClinicApi;
}

function splitCommandName(name: CommandName): [string, string] {
  const dot = name.indexOf('.');
  if (dot <= 0 || dot === name.length - 1) {
    throw new Error(`Command name "${name}" must look like "namespace.method"`);
  }
  return [name.slice(0, dot), name.slice(dot + 1)];
}
