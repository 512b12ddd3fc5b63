// Builds the web app before `npm start` when there is no build yet, or the sources changed since the last
// one, so `npm install && npm start` serves the portal and dashboard with no extra step.
/* global URL, process, console */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'dist', 'index.html');

/** The newest modification time under `path` (files only). */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = ['src', 'public', 'index.html', 'vite.config.ts']
  .map((p) => join(root, p))
  .filter(existsSync);
const stale = !existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs;

if (stale) {
  // Always the production build (React's production JSX runtime), whatever NODE_ENV the caller runs under
  // (vitest sets `test`); this is the build tool's setting, not the desk's configuration.
  // eslint-disable-next-line no-restricted-properties
  process.env.NODE_ENV = 'production';
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.warn('The web app is not built and Vite is not installed (npm ci without dev dependencies?):');
    console.warn('the API runs, but the portal and dashboard are not served. Run `npm run build:web`.');
  }
  if (vite) {
    console.log('Building the web app (portal and dashboard)…');
    await vite.build({ configFile: join(root, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  }
}
