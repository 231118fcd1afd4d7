import { describe, expect, it } from 'vitest';
import { createClinicApi, ipcChannelFor } from './client';
import { commandNames } from './contract';

describe('window.clinic generated from the contract', () => {
  it('has one method per command, grouped by namespace, and nothing else', () => {
    const api = createClinicApi(async () => ({ ok: true, value: null }));
    const exposed = Object.entries(api).flatMap(([namespace, methods]) =>
      Object.keys(methods).map((method) => `${namespace}.${method}`),
    );
    expect(exposed.sort()).toEqual([...commandNames].sort());
  });

  it('passes the command name and input to the transport unchanged', async () => {
    const calls: [string, unknown][] = [];
    const api = createClinicApi(async (name, input) => {
      calls.push([name, input]);
      return { ok: true, value: 'answer' };
    });
    await expect(api.system.about({})).resolves.toEqual({ ok: true, value: 'answer' });
    expect(calls).toEqual([['system.about', {}]]);
  });

  it('is frozen so page scripts cannot swap a method', () => {
    const api = createClinicApi(async () => null);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.system)).toBe(true);
  });

  it('names one IPC channel per command', () => {
    const channels = new Set(commandNames.map(ipcChannelFor));
    expect(channels.size).toBe(commandNames.length);
    expect(ipcChannelFor('system.about')).toBe('clinic:system.about');
  });
});
