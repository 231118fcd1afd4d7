/**
 * Page-side entry of the e2e bridge, bundled by esbuild into an init script
 * (see ../clinic-init-script.ts). It is the browser host's twin of
 * electron/preload/index.ts: the same createClinicApi from the shared
 * contract, with a Playwright binding where the preload uses ipcRenderer.
 *
 * Written against globalThis rather than window because tests/ is type-checked
 * with Node's libs only.
 */
import { createClinicApi, type RawInvoke } from '../../../../shared/api/client';
import { CLINIC_BINDING } from '../bridge-names';

const pageGlobal = globalThis as unknown as Record<string, unknown>;
const binding = pageGlobal[CLINIC_BINDING];
if (typeof binding !== 'function') {
  throw new Error(`The e2e host did not expose ${CLINIC_BINDING} before installing window.clinic`);
}

// Captured now, so a page script that later replaces the global cannot redirect window.clinic.
const invokeBinding = binding as RawInvoke;
const clinic = createClinicApi((name, input) => invokeBinding(name, input));

// contextBridge.exposeInMainWorld gives the page a property it cannot replace or delete.
Object.defineProperty(globalThis, 'clinic', {
  value: clinic,
  writable: false,
  configurable: false,
  enumerable: true,
});
