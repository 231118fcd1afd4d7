import argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { MIN_PASSWORD_LENGTH } from '../../../shared/api/identity';
import type { FieldIssue } from '../../../shared/api/errors';

export interface PasswordHashParams {
  memoryKiB: number;
  iterations: number;
}

/** OWASP's argon2id floor: 19 MiB, 2 iterations, 1 lane. */
export const DEFAULT_PASSWORD_PARAMS: PasswordHashParams = { memoryKiB: 19 * 1024, iterations: 2 };

/**
 * argon2id password hashes. The PHC string stores salt and parameters beside
 * the hash, so raising the configured parameters rehashes users as they sign in.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly params: PasswordHashParams = DEFAULT_PASSWORD_PARAMS) {
    if (
      params.memoryKiB < DEFAULT_PASSWORD_PARAMS.memoryKiB ||
      params.iterations < DEFAULT_PASSWORD_PARAMS.iterations
    ) {
      throw new RangeError('Password hashing parameters are below 19 MiB and 2 iterations');
    }
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.params.memoryKiB,
      timeCost: this.params.iterations,
      parallelism: 1,
    });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same effort as a real check, so an unknown username answers as slowly as a wrong password. */
  async verifyAgainstNobody(password: string): Promise<false> {
    this.dummyHash ??= this.hash('zahanati-no-such-user');
    await this.verify(await this.dummyHash, password);
    return false;
  }

  needsRehash(hash: string): boolean {
    // parallelism too: left out, argon2 compares with its default (4) and every sign-in would rehash.
    return argon2.needsRehash(hash, {
      memoryCost: this.params.memoryKiB,
      timeCost: this.params.iterations,
      parallelism: 1,
    });
  }
}

const zxcvbn = new ZxcvbnFactory({
  translations,
  graphs: adjacencyGraphs,
  dictionary: { ...commonDictionary, ...englishDictionary },
});

export interface PasswordContext {
  username: string;
  facilityName?: string | undefined;
  displayName?: string | undefined;
}

/**
 * Policy: at least 12 characters, a zxcvbn-ts score of 3 or more, and not
 * containing the username or the facility name. Returns the problems found,
 * each with a suggestion a user can act on.
 */
export function passwordProblems(password: string, context: PasswordContext, field = 'password'): FieldIssue[] {
  const lowered = password.toLowerCase();
  const problems: string[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) problems.push(`Use at least ${MIN_PASSWORD_LENGTH} characters.`);
  if (context.username.length > 0 && lowered.includes(context.username.toLowerCase())) {
    problems.push('Do not use your username in the password.');
  }
  const facility = context.facilityName?.trim().toLowerCase();
  if (facility && lowered.includes(facility)) problems.push('Do not use the facility name in the password.');
  if (problems.length === 0) {
    const inputs = [context.username, context.facilityName, context.displayName].filter(
      (value): value is string => typeof value === 'string' && value.length > 0,
    );
    const result = zxcvbn.check(password, inputs);
    if (result.score < 3) {
      const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
      problems.push(`This password is too easy to guess. ${advice || 'Add more uncommon words.'}`.trim());
    }
  }
  return problems.map((message) => ({ path: field, message }));
}
