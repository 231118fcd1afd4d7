import { z } from 'zod';

// zod probes `new Function('')` to compile fast parsers; the app's CSP forbids
// eval, so every probe is a CSP violation. Pages (renderer, preload) import this
// module first, before any schema is built.
z.config({ jitless: true });
