// Subcommand parsing for `atelier history`, `models` and `recovered`: each usage mistake is the
// group's own usage error (the CLI exits 2) with a message that says what was wrong, before any
// data folder is opened.
import { describe, expect, it } from 'vitest';
import { parseSubcommand } from '../../electron/host/cli-args';
import { history, HistoryUsageError } from '../../electron/host/cli-history';
import { models, ModelsUsageError } from '../../electron/host/cli-models';
import { recovered, RecoveredUsageError } from '../../electron/host/cli-recovered';

class Usage extends Error {}
const OPTIONS = { data: { type: 'string' }, json: { type: 'boolean' }, yes: { type: 'boolean' } } as const;
const ALLOWED = { list: ['data', 'json'], delete: ['data', 'json', 'yes'] } as Record<string, (keyof typeof OPTIONS)[]>;
const parse = (args: string[]) => parseSubcommand('things', args, OPTIONS, ALLOWED, 'use list or delete', (m) => new Usage(m));

describe('parseSubcommand', () => {
  it('returns the subcommand, its options and its positionals', () => {
    expect(parse(['delete', 'a', '--yes', '--data', '/d', 'b'])).toEqual({ sub: 'delete', values: { yes: true, data: '/d' }, positionals: ['a', 'b'] });
  });

  it('takes options before the subcommand too', () => {
    expect(parse(['--data', '/d', 'delete', 'a', '--yes'])).toEqual({ sub: 'delete', values: { yes: true, data: '/d' }, positionals: ['a'] });
    expect(() => parse(['--data', '/d'])).toThrow(new Usage("Unknown things command '' (use list or delete)"));
    expect(() => parse(['--yes', 'list'])).toThrow(new Usage('things list does not take --yes'));
  });

  it('refuses a missing or unknown subcommand, naming the ones there are', () => {
    expect(() => parse([])).toThrow(new Usage("Unknown things command '' (use list or delete)"));
    expect(() => parse(['toString'])).toThrow(new Usage("Unknown things command 'toString' (use list or delete)"));
  });

  it('refuses an option of another subcommand, and one no subcommand knows', () => {
    expect(() => parse(['list', '--yes'])).toThrow(new Usage('things list does not take --yes'));
    expect(() => parse(['list', '--colour'])).toThrow(Usage);
    expect(() => parse(['list', '--data'])).toThrow(Usage);
  });
});

describe('history, models and recovered usage errors', () => {
  const io = { out: () => {}, err: () => {} };

  it('history', async () => {
    await expect(history(['sarch', 'x'], io)).rejects.toThrow(new HistoryUsageError("Unknown history command 'sarch' (use search QUERY, export DOCUMENT --format md|json, commit DOCUMENT --text TEXT or checkout DOCUMENT VERSION)"));
    await expect(history(['search', 'x', '--format', 'md'], io)).rejects.toThrow(new HistoryUsageError('history search does not take --format'));
    await expect(history(['export', '--nope'], io)).rejects.toThrow(HistoryUsageError);
  });

  it('models', async () => {
    await expect(models([], io)).rejects.toThrow(
      new ModelsUsageError("Unknown models command '' (use list, import PATH, verify ID, remove ID, restore ID, delete ID or download REPO)"),
    );
    await expect(models(['verify', 'm', '--trashed'], io)).rejects.toThrow(new ModelsUsageError('models verify does not take --trashed'));
  });

  it('recovered: --yes only on delete, no names on list', async () => {
    await expect(recovered(['lst'], io)).rejects.toThrow(new RecoveredUsageError("Unknown recovered command 'lst' (use list or delete)"));
    await expect(recovered(['list', '--yes'], io)).rejects.toThrow(new RecoveredUsageError('recovered list does not take --yes'));
    await expect(recovered(['list', 'old'], io)).rejects.toThrow(new RecoveredUsageError("Unexpected argument 'old'"));
    await expect(recovered(['delete', '--yes', '--force'], io)).rejects.toThrow(RecoveredUsageError);
  });
});
