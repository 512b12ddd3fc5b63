#!/usr/bin/env node
// The `frontdesk` command. It loads the TypeScript sources through tsx, so `npx frontdesk` works right after
// `npm install` with no build step. `--version` and the top-level `--help` skip tsx altogether: the help text
// is kept from the last time the CLI printed it and refreshed whenever the CLI's sources change.
/* global URL, process */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const args = process.argv.slice(2);
const version = () => JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).version;

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${version()}\n`);
  process.exit(0);
}

const helpCache = new URL('node_modules/.cache/frontdesk/cli-help.json', root);
/** What the cached help depends on: the version and the newest CLI source. */
function helpKey() {
  const cli = fileURLToPath(new URL('apps/server/src/cli/', root));
  const newest = Math.max(...readdirSync(cli).map((name) => statSync(`${cli}/${name}`).mtimeMs));
  return `${version()}:${newest}`;
}

if (args.length === 1 && ['--help', '-h', 'help'].includes(args[0])) {
  const key = helpKey();
  try {
    const cached = JSON.parse(readFileSync(helpCache, 'utf8'));
    if (cached.key === key && typeof cached.text === 'string') {
      process.stdout.write(cached.text);
      process.exit(0);
    }
  } catch {
    // No cache yet: the CLI prints the help below, and it is kept for next time.
  }
  let text = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    text += String(chunk);
    return write(chunk, ...rest);
  };
  process.once('exit', (code) => {
    if (code !== 0 || text === '') return;
    try {
      mkdirSync(new URL('.', helpCache), { recursive: true });
      writeFileSync(helpCache, JSON.stringify({ key, text }));
    } catch {
      // A read-only install simply prints the help the slow way every time.
    }
  });
}

const { register } = await import('tsx/esm/api');
register();
await import('../apps/server/src/main.ts');
