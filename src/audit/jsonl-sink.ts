import { open } from 'node:fs/promises';

/** A second home for records besides the database: a JSON-lines file, or stdout. */
export type LineSink = {
  readonly name: string;
  /** Resolves once the lines are durable (file: written and fdatasync'ed); rejects otherwise. */
  write(lines: string): Promise<void>;
  /** Throws unless a write could succeed now (for /ready). */
  probe(): Promise<void>;
};

/**
 * Appends to a file, opened for each batch: a rotated-away or deleted file is re-created, and a
 * directory that disappeared or turned read-only fails the batch (and so the requests in it)
 * instead of writing into an unlinked inode nobody will read.
 */
export function fileSink(path: string): LineSink {
  // Batches may be in flight together: appends are chained so lines keep the recorder's order.
  let tail: Promise<void> = Promise.resolve();
  const append = async (lines: string) => {
    const fh = await open(path, 'a', 0o600);
    try {
      await fh.write(lines);
      await fh.datasync();
    } finally {
      await fh.close();
    }
  };
  return {
    name: `file:${path}`,
    write(lines) {
      const run = tail.then(() => append(lines));
      tail = run.catch(() => {});
      return run;
    },
    async probe() {
      const fh = await open(path, 'a', 0o600);
      await fh.close();
    },
  };
}

/** Writes to a stream (stdout for STRONGROOM_AUDIT_FILE=-); durable as far as the reader is. */
export function streamSink(stream: NodeJS.WritableStream, name = 'stdout'): LineSink {
  return {
    name,
    write: (lines) =>
      new Promise((ok, fail) => {
        stream.write(lines, (e) => (e ? fail(e) : ok()));
      }),
    async probe() {
      if ((stream as { destroyed?: boolean }).destroyed) throw new Error(`${name} is closed`);
    },
  };
}
