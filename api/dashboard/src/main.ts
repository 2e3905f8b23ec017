// Entry point: registering <audit-app> renders the page (index.html holds just the element).
// zod-config first: it must run before any provider definition builds its schema.
import './zod-config.js';
import './app.js';
