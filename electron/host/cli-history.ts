// `atelier history search QUERY`, `atelier history export DOCUMENT --format md|json` and
// `atelier history commit DOCUMENT --text T|--file F` and `atelier history checkout DOCUMENT VERSION`,
// through the same handlers as the app. --json prints exactly one JSON document on stdout; a bad query or
// bad arguments exit 2, a missing document exits 1.
import { resolve } from 'node:path';
import type { DocumentInfo, HistoryExport, Iteration, SearchResponse } from '../../shared/contract';
import { SEARCH_FIELDS } from '../../shared/search/query';
import { parseSubcommand } from './cli-args';
import { findDocument as findIn } from './cli-find';
import { checkedOutLine, commitParents, commitText, committedLine } from './cli-history-commit';
import { CliFailure, withCliCore } from './cli-core';
import { outFileProblem, writeOutFile } from './cli-out';
import type { Core } from './core';

export class HistoryUsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const HISTORY_USAGE = `  history search QUERY [--limit N] [--offset N] [--json] [--data DIR]
                                 Find versions in every project: words (prompts, texts, notes,
                                 tags), "phrases", sil*, -word, and filters like cfg > 9,
                                 temperature >= 1.1, seed = 42, model:ID, tag:T, kind:image,
                                 is:starred, is:trashed, after:YYYY-MM-DD, before:YYYY-MM-DD
  history export DOCUMENT --format md|json [--out FILE [--force]] [--data DIR]
                                 A document's versions (id or exact title): Markdown with YAML
                                 front matter per version, or the whole DAG as JSON (an
                                 existing FILE is replaced only with --force)
  history commit DOCUMENT --text TEXT|--file FILE [--parent VERSION] [--json] [--data DIR]
                                 Add a text version after the document's current one (or
                                 after --parent); it becomes the current version, and an
                                 open studio follows it
  history checkout DOCUMENT VERSION [--json] [--data DIR]
                                 Make an existing version the document's current one`;

const OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  limit: { type: 'string' },
  offset: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  text: { type: 'string' },
  file: { type: 'string' },
  parent: { type: 'string' },
} as const;

const ALLOWED: Record<string, (keyof typeof OPTIONS)[]> = {
  search: ['data', 'json', 'limit', 'offset'],
  export: ['data', 'format', 'out', 'force'],
  commit: ['data', 'json', 'text', 'file', 'parent'],
  checkout: ['data', 'json'],
};

async function call<T>(core: Core, method: string, params: unknown): Promise<T> {
  const reply = await core.call(method, params);
  if (reply.ok) return reply.result as T;
  if (reply.error.code === 'BAD_INPUT') throw new HistoryUsageError(reply.error.message);
  throw new CliFailure(reply.error.message);
}

const count = (v: string | undefined, name: string, dflt: number, max: number): number => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new HistoryUsageError(`--${name} must be a whole number from 0 to ${max} (got '${v}')`);
  return n;
};

/** A document by id, or by exact (case-insensitive) title across the live projects. */
const findDocument = (core: Core, ref: string): Promise<DocumentInfo> =>
  findIn(core, ref, { ambiguous: (m) => new HistoryUsageError(m), missing: (m) => new CliFailure(m) });

const withCore = (dataDir: string | undefined, io: Io, run: (core: Core) => Promise<void>) => withCliCore(dataDir, io.err, run);

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export async function history(args: string[], io: Io): Promise<number> {
  const { sub, values, positionals } = parseSubcommand(
    'history',
    args,
    OPTIONS,
    ALLOWED,
    'use search QUERY, export DOCUMENT --format md|json, commit DOCUMENT --text TEXT or checkout DOCUMENT VERSION',
    (m) => new HistoryUsageError(m),
  );

  if (sub === 'search') {
    // The query may be one quoted argument or several words (cfg > 9 unquoted works too).
    if (positionals.length === 0) throw new HistoryUsageError(`history search needs a QUERY, e.g. atelier history search "red dress cfg > 9" (fields: ${SEARCH_FIELDS.join(', ')})`);
    const q = positionals.join(' ');
    const limit = count(values.limit, 'limit', 20, 500) || 20;
    const offset = count(values.offset, 'offset', 0, 1_000_000);
    return withCore(values.data, io, async (core) => {
      const r = await call<SearchResponse>(core, 'search.query', { q, limit, offset });
      if (values.json) {
        io.out(JSON.stringify(r, null, 2));
        return;
      }
      if (r.results.length === 0) io.out(offset > 0 ? `No more results (${r.total} in all).` : 'No versions match.');
      for (const x of r.results) {
        const marks = [x.starred ? '★' : '', x.trashed ? '(trash)' : '', x.tags.length ? `#${x.tags.join(' #')}` : ''].filter(Boolean).join(' ');
        io.out(`${x.iterationId}  ${when(x.createdAt)}  ${x.projectName} / ${x.documentTitle}  [${x.kind}]${marks ? `  ${marks}` : ''}`);
        io.out(`    ${x.recipe.line}`);
        if (x.snippet.text) io.out(`    ${x.snippet.text}`);
      }
      if (r.results.length) {
        const shown = `${offset + 1}–${offset + r.results.length}`;
        io.err(`${shown} of ${r.totalCapped ? `more than ${r.total}` : r.total} (${r.tookMs} ms)${offset + r.results.length < r.total ? `; next page: --offset ${offset + r.results.length}` : ''}`);
      }
    });
  }

  if (sub === 'checkout') {
    if (positionals.length !== 2) {
      throw new HistoryUsageError(positionals.length > 2 ? `Unexpected argument '${positionals[2]}'` : 'history checkout needs a DOCUMENT (id or title) and a VERSION id');
    }
    return withCore(values.data, io, async (core) => {
      const doc = await findDocument(core, positionals[0]!);
      const after = await call<DocumentInfo>(core, 'history.checkout', { documentId: doc.id, iterationId: positionals[1]! });
      io.out(values.json ? JSON.stringify(after, null, 2) : checkedOutLine(after));
    });
  }
  if (positionals.length !== 1) throw new HistoryUsageError(positionals.length ? `Unexpected argument '${positionals[1]}'` : `history ${sub} needs a DOCUMENT (id or title)`);
  if (sub === 'commit') {
    const got = commitText(values);
    if ('problem' in got) throw new HistoryUsageError(got.problem);
    return withCore(values.data, io, async (core) => {
      const doc = await findDocument(core, positionals[0]!);
      const it = await call<Iteration>(core, 'history.commitText', { documentId: doc.id, parentIds: commitParents(doc, values.parent), text: got.text, source: 'user' });
      io.out(values.json ? JSON.stringify(it, null, 2) : committedLine(doc, it));
    });
  }
  const format = values.format ?? '';
  if (format !== 'md' && format !== 'json') throw new HistoryUsageError(`--format must be md or json (got '${format}')`);
  const outProblem = values.out === undefined ? null : outFileProblem(values.out, `export.${format}`, '--out', { replace: values.force === true });
  if (outProblem) throw new HistoryUsageError(outProblem);
  return withCore(values.data, io, async (core) => {
    const doc = await findDocument(core, positionals[0]!);
    const exported = await call<HistoryExport>(core, 'history.export', { documentId: doc.id, format });
    if (values.out) {
      const file = writeOutFile(resolve(values.out), exported.text, values.force === true);
      io.err(`Wrote ${doc.iterationCount} versions of '${doc.title}' to ${file}`);
    } else io.out(exported.text.replace(/\n$/, ''));
  });
}
