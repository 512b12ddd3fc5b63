#!/usr/bin/env node
// The `frontdesk` command. It loads the TypeScript sources through tsx, so `npx frontdesk` works right after
// `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../apps/server/src/main.ts');
