import { access } from './access';
import { alerts } from './alerts';
import { app } from './app';
import { appointments } from './appointments';
import { audit } from './audit';
import { breakGlass } from './breakGlass';
import { clinical } from './clinical';
import { errors } from './errors';
import { identity } from './identity';
import { language } from './language';
import { patients } from './patients';
import { shifts } from './shifts';
import { sync } from './sync';
import { system } from './system';
import { ui } from './ui';
import { users } from './users';
import { validation } from './validation';
import { workstation } from './workstation';

/** English, the source language: every key of the UI. */
export const en = {
  access,
  alerts,
  app,
  appointments,
  audit,
  breakGlass,
  clinical,
  errors,
  identity,
  language,
  patients,
  shifts,
  sync,
  system,
  ui,
  users,
  validation,
  workstation,
} as const;
