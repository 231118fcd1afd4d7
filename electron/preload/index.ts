import '../../shared/api/zod-jitless';
import { contextBridge, ipcRenderer } from 'electron';
import { createClinicApi, ipcChannelFor } from '../../shared/api/client';

// The page gets exactly one object, with one method per command of the shared
// contract; ipcRenderer itself never crosses the bridge.
contextBridge.exposeInMainWorld(
  'clinic',
  createClinicApi((name, input) => ipcRenderer.invoke(ipcChannelFor(name), input)),
);
