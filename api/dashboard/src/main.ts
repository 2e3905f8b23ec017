// Entry point: registering <audit-app> renders the page (index.html holds just the element).
import './app.js';
