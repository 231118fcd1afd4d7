import { describe, expect, it } from 'vitest';
import { failure } from '../../../shared/api/errors';
import { onRefusal, reportRefusal } from './refusals';

describe('refusal listeners', () => {
  it('hear only their own code, until they stop listening', () => {
    const heard: string[] = [];
    const stop = onRefusal('NO_ACTIVE_SHIFT', (refused) => heard.push(refused.message));
    reportRefusal(failure('FORBIDDEN', 'not allowed'));
    reportRefusal(failure('NO_ACTIVE_SHIFT', 'clock in first'));
    stop();
    reportRefusal(failure('NO_ACTIVE_SHIFT', 'again'));
    expect(heard).toEqual(['clock in first']);
  });
});
