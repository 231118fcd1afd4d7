/**
 * Store errors carry a plain-language message meant for the person at the
 * workstation. None of them includes record content.
 */
export class StoreError extends Error {
  constructor(
    readonly reason:
      'WRONG_KEY' | 'WRONG_PASSPHRASE' | 'KEY_FILE_DAMAGED' | 'KEY_UNAVAILABLE' | 'SCHEMA_TOO_NEW' | 'MIGRATION_FAILED',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
