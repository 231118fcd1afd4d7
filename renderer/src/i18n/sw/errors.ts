import type { Translation } from '../resources';

export const errors: Translation['errors'] = {
  unreachable:
    'Zahanati haikuweza kukamilisha ombi hili. Jaribu tena; likiendelea kutokea, zima na uwashe Zahanati upya.',
  VALIDATION: 'Baadhi ya taarifa si sahihi. Kagua sehemu zilizowekwa alama.',
  UNAUTHENTICATED: 'Hujaingia, au muda wa kuingia umeisha. Ingia tena.',
  FORBIDDEN: 'Wadhifa wako hauruhusu kitendo hiki.',
  NO_ACTIVE_SHIFT: 'Huna zamu iliyo wazi sasa. Ingia zamu kwanza, kisha jaribu tena.',
  MFA_REQUIRED: 'Kitendo hiki kinahitaji msimbo kutoka kwenye programu yako ya uthibitishaji.',
  STEP_UP_REQUIRED: 'Thibitisha kuwa ni wewe ili uendelee.',
  LOCKED: 'Akaunti au kompyuta hii imefungwa kwa muda. Subiri kidogo, au muulize msimamizi.',
  CONFLICT: 'Rekodi hii imebadilika au tayari ipo. Fungua upya, kisha jaribu tena.',
  NOT_FOUND: 'Rekodi haikupatikana.',
  UNKNOWN_COMMAND: 'Zahanati haitambui ombi hili. Muulize msaada wa TEHAMA.',
  INTERNAL: 'Zahanati haikuweza kukamilisha ombi hili. Jaribu tena; likiendelea kutokea, zima na uwashe Zahanati upya.',
};
