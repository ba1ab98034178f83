// `atelier COMMAND [SUB] --help` shows that command's part of the usage instead of every command's,
// and a usage error points to it ("Run 'atelier models --help'"), so the help a user gets is the
// help for what they typed.

/** The usage's command blocks: a line at two spaces of indent and the more-indented lines after it. */
function blocks(usage: string): string[] {
  const out: string[] = [];
  for (const line of usage.split('\n')) {
    if (/^ {2}[a-z]/.test(line)) out.push(line);
    else if (/^ {3,}\S/.test(line) && out.length) out[out.length - 1] += `\n${line}`;
  }
  return out;
}

/** The command words typed before any option: `generate text --prompt x` → ['generate', 'text']. */
export function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-') || words.length === 2) break;
    words.push(a);
  }
  return words;
}

/** The blocks for the longest prefix of `words` that names a command, with those words; null when none does. */
export function usageFor(usage: string, words: readonly string[]): { words: string[]; text: string } | null {
  const all = blocks(usage);
  for (let n = Math.min(words.length, 2); n > 0; n--) {
    const prefix = `  ${words.slice(0, n).join(' ')}`;
    const found = all.filter((b) => b === prefix || b.startsWith(`${prefix} `) || b.startsWith(`${prefix}\n`));
    if (found.length) return { words: words.slice(0, n), text: `Usage: atelier ${words.slice(0, n).join(' ')} …\n\n${found.join('\n')}\n\nEvery command: --data DIR (default: ATELIER_DATA or the app's folder); 'atelier --help' lists them all.` };
  }
  return null;
}
