import { CommandError, defineCommand } from '../commands/types';
import { writeContext } from '../records/context';
import { generateDemoFacility } from './generate';

export const fillDemo = defineCommand({
  name: 'demo.fill',
  access: 'settings.manage',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'demo_data' },
  handler(ctx, input) {
    const existing = ctx.store.db.prepare('SELECT count(*) FROM patients').pluck().get() as number;
    if (existing > 0)
      throw new CommandError('CONFLICT', 'Demo data goes only into a workstation that has no patients yet.');
    const counts = generateDemoFacility(ctx.services, writeContext(ctx), input.patients, input.seed);
    ctx.setAuditRecordCount(counts.patients);
    return counts;
  },
});

export const demoCommands = [fillDemo] as const;
