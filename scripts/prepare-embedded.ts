// `npm install` (the root package's prepare step) initialises the embedded database template once, so the
// first `npm start` on fresh data copies it instead of running PGlite's initdb (a third of that start).
import { ensureEmbeddedTemplate } from '../apps/server/src/store/embedded-template.js';

const template = await ensureEmbeddedTemplate();
if (!template)
  process.stderr.write(
    'The embedded database template could not be written; first starts initialise their own.\n',
  );
