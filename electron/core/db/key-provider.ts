/** A 256-bit SQLCipher key, held only in memory. */
export type DatabaseKey = Buffer;

export const DATABASE_KEY_BYTES = 32;

/**
 * Where the workstation's database key comes from. Implementations never
 * write the key in the clear: the OS keychain (Electron safeStorage, in
 * electron/main) or a workstation passphrase (./passphrase-key-provider.ts).
 */
export interface KeyProvider {
  readonly kind: 'os-keychain' | 'passphrase';
  /** True when a wrapped key already exists (the workstation was set up before). */
  hasKey(): boolean;
  /** Creates and stores a new random key; refuses to overwrite an existing one. */
  createKey(): Promise<DatabaseKey>;
  /** Unwraps the stored key; throws StoreError with a clear reason when it cannot. */
  loadKey(): Promise<DatabaseKey>;
}
