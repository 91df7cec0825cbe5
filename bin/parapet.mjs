#!/usr/bin/env node
// Entry point of the `parapet` CLI: registers the TypeScript loader, then runs host/cli.ts.
import { register } from 'tsx/esm/api';
register();
await import('../host/cli.ts');
