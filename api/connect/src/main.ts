// Entry point: registering <audit-connect> renders the page (index.html holds just the element).
// zod-config first: it must run before any provider definition builds its schema (the page's CSP forbids eval).
import '../../dashboard/src/zod-config.js';
import './app.js';
