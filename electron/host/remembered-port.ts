// The port `atelier serve` used last time for a data folder. A browser keeps its storage per
// origin (host:port): with a new random port every run, the user's own presets, typed memory,
// layout and last view seemed to vanish. Kept in `serve-port.json` in the data folder; a missing
// or damaged file only means "none yet", since the port is a convenience, never the user's work.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PORT_FILE = 'serve-port.json';

/** The remembered port of `dataDir`, or null when there is none or the file is not one we wrote. */
export function rememberedPort(dataDir: string): number | null {
  try {
    const saved = JSON.parse(readFileSync(join(dataDir, PORT_FILE), 'utf8')) as { port?: unknown } | null;
    const port = saved?.port;
    return typeof port === 'number' && Number.isInteger(port) && port > 0 && port <= 65535 ? port : null;
  } catch {
    return null;
  }
}

/**
 * Remembers `port` for `dataDir`. Written beside the file and moved in, so a crash mid-write
 * never leaves half a file. Returns why it could not be written (a read-only folder), or null.
 */
export function rememberPort(dataDir: string, port: number): string | null {
  const file = join(dataDir, PORT_FILE);
  const partial = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(partial, `${JSON.stringify({ port })}\n`);
    renameSync(partial, file);
    return null;
  } catch (err) {
    rmSync(partial, { force: true });
    return (err as Error).message;
  }
}
