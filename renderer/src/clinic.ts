import type { ClinicApi } from '../../shared/api/client';

declare global {
  interface Window {
    /** Provided by the preload (Electron) or the e2e host; the renderer's only way to core. */
    readonly clinic: ClinicApi;
  }
}

export function clinic(): ClinicApi {
  return window.clinic;
}
