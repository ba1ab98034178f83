// `atelier history commit DOCUMENT --text T | --file F [--parent VERSION]`: a new text version from
// a script, through the same handler as the app's save. It never overwrites: the version is a child
// of the document's head (or of --parent) and becomes the head. `history checkout` makes an existing
// version the head. A studio open on the same data folder is told (it looks for other processes'
// writes every second) and its writer with it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentInfo, Iteration } from '../../shared/contract';

export interface CommitArgs {
  text?: string;
  file?: string;
  parent?: string;
}

/** The text to commit, from --text or --file (exactly one); a usage problem as a sentence. */
export function commitText(args: CommitArgs): { text: string } | { problem: string } {
  if ((args.text === undefined) === (args.file === undefined)) return { problem: 'history commit needs the text: --text TEXT or --file FILE (one of them)' };
  if (args.text !== undefined) return { text: args.text };
  const file = resolve(args.file as string);
  if (!existsSync(file)) return { problem: `--file: there is no file ${file}` };
  if (statSync(file).isDirectory()) return { problem: `--file: ${file} is a folder, not a text file` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file)) };
  } catch {
    return { problem: `--file: ${file} is not UTF-8 text` };
  }
}

/** The version's parent: --parent when given (it must belong to the document), else the head. */
export function commitParents(doc: DocumentInfo, parent: string | undefined): string[] {
  if (parent !== undefined) return [parent];
  return doc.headIterationId ? [doc.headIterationId] : [];
}

/** One line for a person: what was added, and where it hangs. */
export function committedLine(doc: DocumentInfo, it: Iteration): string {
  const from = it.parentIds[0] ? `after ${it.parentIds[0]}` : 'as its first version';
  return `${it.id}  added to '${doc.title}' ${from}; it is the document's current version now`;
}

/** One line after a checkout: which version is current now. */
export function checkedOutLine(doc: DocumentInfo): string {
  return `${doc.headIterationId ?? ''}  is the current version of '${doc.title}' now`;
}
