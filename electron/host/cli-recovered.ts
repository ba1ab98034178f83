// `atelier recovered list|delete`: the folders start-ups set aside in <data>/recovered/, and the
// explicit way to delete them. Nothing is deleted without --yes; without it the command says what
// it would delete (count and size) and exits 2. Deletion goes through system.deleteRecovered with
// the figures just listed, like the status panel's confirm.
import { resolve } from 'node:path';
import type { DeleteRecoveredResult, RecoveredFolder, SystemStatus } from '../../shared/contract';
import { byteSize, itemCount, recoveredAmount } from '../../shared/recovered-words';
import { parseSubcommand } from './cli-args';
import { startCliCore } from './cli-core';
import { defaultDataDir } from './data-dir';

export class RecoveredUsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const RECOVERED_USAGE = `  recovered list [--json] [--data DIR]
                                 Folders start-up set aside (files no version or model
                                 referred to): path, items, size
  recovered delete [NAME ...] --yes [--json] [--data DIR]
                                 Delete those folders (all, or the NAMEs listed) for good`;

const OPTIONS = { data: { type: 'string' }, json: { type: 'boolean' }, yes: { type: 'boolean' } } as const;

// --yes belongs to delete alone: on list it is refused by name ("recovered list does not take --yes").
const ALLOWED: Record<string, (keyof typeof OPTIONS)[]> = {
  list: ['data', 'json'],
  delete: ['data', 'json', 'yes'],
};

export async function recovered(args: string[], io: Io): Promise<number> {
  const { sub, values, positionals } = parseSubcommand('recovered', args, OPTIONS, ALLOWED, 'use list or delete', (m) => new RecoveredUsageError(m));
  if (sub === 'list' && positionals.length) throw new RecoveredUsageError(`Unexpected argument '${positionals[0]}'`);
  const core = await startCliCore({ dataDir: resolve(values.data ?? defaultDataDir()), transport: 'cli', runJobs: false }, io.err);
  try {
    const status = await core.call('system.status', {});
    if (!status.ok) throw new Error(status.error.message);
    const all = (status.result as SystemStatus).recovered;
    if (sub === 'list') {
      if (values.json) io.out(JSON.stringify(all, null, 2));
      else if (all.length === 0) io.out('Nothing has been set aside in recovered/.');
      else for (const f of all) io.out(`${f.path}  ${itemCount(f.items)}, ${byteSize(f.bytes)}`);
      return 0;
    }
    const unknown = positionals.filter((n) => !all.some((f) => f.name === n));
    if (unknown.length) throw new RecoveredUsageError(`No folder named ${unknown.map((n) => `'${n}'`).join(', ')} in recovered/ (see: atelier recovered list)`);
    const chosen: RecoveredFolder[] = positionals.length ? all.filter((f) => positionals.includes(f.name)) : all;
    if (chosen.length === 0) {
      if (values.json) io.out(JSON.stringify({ folders: 0, items: 0, bytes: 0, failed: [] } satisfies DeleteRecoveredResult));
      else io.out('Nothing has been set aside in recovered/.');
      return 0;
    }
    if (!values.yes) throw new RecoveredUsageError(`This deletes ${recoveredAmount(chosen)} for good; add --yes to go ahead`);
    const reply = await core.call('system.deleteRecovered', {
      folders: chosen.map((f) => f.name),
      items: chosen.reduce((n, f) => n + f.items, 0),
      bytes: chosen.reduce((n, f) => n + f.bytes, 0),
    });
    if (!reply.ok) throw new Error(reply.error.message);
    const done = reply.result as DeleteRecoveredResult;
    if (values.json) io.out(JSON.stringify(done, null, 2));
    else io.out(`Deleted ${itemCount(done.items)} (${byteSize(done.bytes)}) in ${done.folders} folder${done.folders === 1 ? '' : 's'}.`);
    for (const f of done.failed) io.err(`atelier: could not delete recovered/${f.name}: ${f.reason} (it is kept)`);
    return done.failed.length ? 1 : 0;
  } finally {
    await core.close();
  }
}
