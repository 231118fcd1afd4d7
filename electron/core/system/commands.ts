import { defineCommand } from '../commands/types';

export const aboutWorkstation = defineCommand({
  name: 'system.about',
  access: 'public',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'workstation' },
  handler(ctx) {
    return {
      appVersion: ctx.app.appVersion,
      dataDirectory: ctx.app.dataDirectory,
      schemaVersion: ctx.store.schemaVersion,
      sqlcipherVersion: ctx.store.sqlcipherVersion,
      keyProtection: ctx.store.keyProtection,
    };
  },
});

export const systemCommands = [aboutWorkstation] as const;
