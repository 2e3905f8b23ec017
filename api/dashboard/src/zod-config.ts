import * as z from 'zod';

// zod decides when a schema is built whether to compile a fast parser with `new Function`; the dashboard's CSP
// forbids eval (and the probe alone is reported as a violation), so the interpreted path is chosen before any
// provider definition is built. main.ts imports this module first.
z.config({ jitless: true });
