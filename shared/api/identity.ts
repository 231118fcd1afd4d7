import { z } from 'zod';
import { KENYA_COUNTIES } from '../reference/counties';
import { PERMISSION_KEYS, type PermissionKey } from '../security/permissions';
import { ROLE_KEYS, type RoleKey } from '../security/roles';

/** Identity and access: first-run setup, sign-in, MFA, sessions, step-up, users and the security policy. */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

const trimmed = (max: number) => z.string().trim().min(1, 'Required').max(max);
export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'Use at least 3 characters')
  .max(40)
  .regex(/^[A-Za-z0-9._-]+$/, 'Use letters, digits, dots, dashes or underscores only');
/** Strength (zxcvbn-ts score ≥ 3, no username or facility name) is checked in core, where the context is known. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH);
const passwordSchema = z.string().min(1, 'Required').max(MAX_PASSWORD_LENGTH);
export const totpCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app');
export const recoveryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z2-7]{5}-?[A-Za-z2-7]{5}$/, 'Enter a recovery code such as ABCDE-FGH23');
const idSchema = z.string().uuid();
const roleSchema = z.enum(ROLE_KEYS as [RoleKey, ...RoleKey[]]);
const permissionSchema = z.enum(PERMISSION_KEYS as [PermissionKey, ...PermissionKey[]]);
const empty = z.object({}).strict();

// ---- first-run setup ----------------------------------------------------------------------------

export const facilitySchema = z.object({
  name: trimmed(120),
  /** Kenya Master Facility List code: 5 digits. */
  mflCode: z
    .string()
    .trim()
    .regex(/^\d{5}$/, 'The MFL code has 5 digits'),
  county: z.enum(KENYA_COUNTIES, { error: 'Choose one of the 47 counties' }),
});

export const setupInput = z
  .object({
    organizationName: trimmed(120),
    facility: facilitySchema.strict(),
    owner: z
      .object({
        username: usernameSchema,
        displayName: trimmed(120),
        password: newPasswordSchema,
      })
      .strict(),
  })
  .strict();

export const setupStatusOutput = z.object({
  needsSetup: z.boolean(),
  facility: z.object({ name: z.string(), mflCode: z.string(), county: z.string() }).nullable(),
});

// ---- sessions ------------------------------------------------------------------------------------

/**
 * Where a signed-in user stands: `active` may work; the others may only do the
 * step named (prove MFA, change an expired or reset password, enroll MFA).
 */
export const sessionStage = z.enum(['mfa_challenge', 'password_change', 'mfa_enrollment', 'active']);
export type SessionStage = z.infer<typeof sessionStage>;

export const sessionUser = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
});

export const sessionStatusOutput = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(false) }),
  z.object({
    signedIn: z.literal(true),
    stage: sessionStage,
    locked: z.boolean(),
    user: sessionUser,
    permissions: z.array(permissionSchema),
    mfa: z.object({
      enabled: z.boolean(),
      mandatory: z.boolean(),
      /** ISO time after which a user of a mandatory role can only enroll; null when not mandatory. */
      graceEndsAt: z.string().nullable(),
    }),
    /** ISO time until which a step-up counts; null when none is fresh. */
    steppedUpUntil: z.string().nullable(),
    lockAfterMs: z.number().int().positive(),
    logoutAfterMs: z.number().int().positive(),
  }),
]);
export type SessionStatus = z.infer<typeof sessionStatusOutput>;

export const loginInput = z
  .object({ username: z.string().trim().min(1, 'Required').max(40), password: passwordSchema })
  .strict();
export const loginOutput = z.object({ stage: sessionStage });

export const verifyMfaInput = z.object({ code: totpCodeSchema }).strict();
export const recoveryCodeInput = z.object({ code: recoveryCodeSchema }).strict();
export const unlockInput = z.object({ password: passwordSchema }).strict();
export const changePasswordInput = z
  .object({ currentPassword: passwordSchema, newPassword: newPasswordSchema })
  .strict();
export const stepUpInput = z.object({ password: passwordSchema, code: totpCodeSchema }).strict();
export const stageOutput = z.object({ stage: sessionStage });

// ---- MFA enrollment ------------------------------------------------------------------------------

export const mfaEnrollmentOutput = z.object({
  /** Base32 key, for typing into an app that cannot scan. */
  secret: z.string(),
  otpauthUri: z.string(),
  /** PNG data: URL of the QR code. */
  qrCodeDataUrl: z.string().startsWith('data:image/png;base64,'),
});
export const confirmMfaOutput = z.object({
  /** Shown once; only their hashes are kept. */
  recoveryCodes: z.array(z.string()).length(10),
  stage: sessionStage,
});

// ---- users ---------------------------------------------------------------------------------------

export const userSummary = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  grants: z.array(permissionSchema),
  revocations: z.array(permissionSchema),
  effectivePermissions: z.array(permissionSchema),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  mfaEnabled: z.boolean(),
  mustChangePassword: z.boolean(),
});
export type UserSummary = z.infer<typeof userSummary>;

export const createUserInput = z
  .object({
    username: usernameSchema,
    displayName: trimmed(120),
    roles: z.array(roleSchema).min(1, 'Choose at least one role'),
    temporaryPassword: newPasswordSchema,
  })
  .strict();
export const userIdInput = z.object({ userId: idSchema }).strict();
export const updateUserInput = z.object({ userId: idSchema, displayName: trimmed(120) }).strict();
export const setUserAccessInput = z
  .object({
    userId: idSchema,
    roles: z.array(roleSchema).min(1, 'Choose at least one role'),
    grants: z.array(permissionSchema),
    revocations: z.array(permissionSchema),
  })
  .strict();
export const resetPasswordInput = z.object({ userId: idSchema, temporaryPassword: newPasswordSchema }).strict();

// ---- security policy -----------------------------------------------------------------------------

export const securityPolicy = z.object({
  lockAfterMinutes: z.number().int().min(1).max(15),
  logoutAfterMinutes: z.number().int().min(5).max(60),
  mfaGraceDays: z.number().int().min(0).max(90),
});
export type SecurityPolicy = z.infer<typeof securityPolicy>;
export const DEFAULT_SECURITY_POLICY: SecurityPolicy = { lockAfterMinutes: 5, logoutAfterMinutes: 30, mfaGraceDays: 7 };

const ok = z.object({ ok: z.literal(true) });

export const identityContract = {
  'setup.status': { input: empty, output: setupStatusOutput },
  'setup.complete': { input: setupInput, output: ok },
  'session.status': { input: empty, output: sessionStatusOutput },
  'session.activity': { input: empty, output: ok },
  'auth.login': { input: loginInput, output: loginOutput },
  'auth.verifyMfa': { input: verifyMfaInput, output: stageOutput },
  'auth.useRecoveryCode': { input: recoveryCodeInput, output: stageOutput },
  'auth.lock': { input: empty, output: ok },
  'auth.unlock': { input: unlockInput, output: ok },
  'auth.logout': { input: empty, output: ok },
  'auth.changePassword': { input: changePasswordInput, output: stageOutput },
  'auth.stepUp': { input: stepUpInput, output: z.object({ steppedUpUntil: z.string() }) },
  'mfa.beginEnrollment': { input: empty, output: mfaEnrollmentOutput },
  'mfa.confirmEnrollment': { input: verifyMfaInput, output: confirmMfaOutput },
  'users.list': { input: empty, output: z.array(userSummary) },
  'users.create': { input: createUserInput, output: userSummary },
  'users.update': { input: updateUserInput, output: userSummary },
  'users.setAccess': { input: setUserAccessInput, output: userSummary },
  'users.deactivate': { input: userIdInput, output: userSummary },
  'users.reactivate': { input: userIdInput, output: userSummary },
  'users.unlock': { input: userIdInput, output: userSummary },
  'users.resetPassword': { input: resetPasswordInput, output: userSummary },
  'users.resetMfa': { input: userIdInput, output: userSummary },
  'security.getPolicy': { input: empty, output: securityPolicy },
  'security.updatePolicy': { input: securityPolicy.strict(), output: securityPolicy },
} as const;
