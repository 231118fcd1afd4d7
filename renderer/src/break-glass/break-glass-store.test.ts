import { describe, expect, it } from 'vitest';
import type { BreakGlassGrant } from '../../../shared/api/break-glass';
import { activeGrants, msUntilFirstExpiry } from './break-glass-store';

const NOW = new Date('2026-03-12T09:00:00.000Z');

function grant(id: string, expiresAt: string): BreakGlassGrant {
  return {
    id,
    userId: 'u1',
    userName: 'Jane Wanjiru',
    patientId: 'p1',
    reason: 'Unconscious patient, need HIV status',
    grantedAt: '2026-03-12T08:30:00.000Z',
    expiresAt,
    reviewedAt: null,
    reviewedBy: null,
    reviewComment: null,
  };
}

describe('emergency access grants', () => {
  it('count only while they run, and say when the first one ends', () => {
    const grants = [
      grant('ended', '2026-03-12T08:59:59.000Z'),
      grant('later', '2026-03-12T09:30:00.000Z'),
      grant('soon', '2026-03-12T09:10:00.000Z'),
    ];
    expect(activeGrants(grants, NOW).map((item) => item.id)).toEqual(['later', 'soon']);
    expect(msUntilFirstExpiry(grants, NOW)).toBe(10 * 60_000);
    expect(msUntilFirstExpiry([grants[0] as BreakGlassGrant], NOW)).toBeNull();
  });
});
