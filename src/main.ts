#!/usr/bin/env node
import { buildCli } from './cli/index.js';

buildCli()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    process.stderr.write(`strongroom: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
