#!/usr/bin/env node
import { describeError } from './cli/errors.js';
import { buildCli } from './cli/index.js';

// Exit codes: 0 success; 1 any error (printed as one line, with the AWS error code when there is
// one); `strongroom run` exits with its command's code.
buildCli()
  .parseAsync(process.argv)
  .catch((e: unknown) => {
    process.stderr.write(`strongroom: ${describeError(e)}\n`);
    process.exit(1);
  });
