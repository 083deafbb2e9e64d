#!/usr/bin/env node
import { describeError, UsageError } from './cli/errors.js';
import { fastRun } from './cli/run-fast.js';

// Exit codes: 0 success; 1 any error (printed as one line, with the AWS error code when there is
// one); 2 a wrong command line (commander's errors too, see buildCli); `strongroom run` exits with
// its command's code. A plain `strongroom run` skips commander (cli/run-fast.ts); the CLI (and
// commander) load only for everything else.
(fastRun(process.argv) ?? import('./cli/index.js').then(({ buildCli }) => buildCli().parseAsync(process.argv))).catch(
  (e: unknown) => {
    process.stderr.write(`strongroom: ${describeError(e)}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
