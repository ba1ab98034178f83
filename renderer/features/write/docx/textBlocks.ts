// The light Markdown a writer (or a model) types, read as Word paragraphs: text between blank lines
// is a paragraph, a single newline a line break, a `#`, `##` or `###` line a heading of its own,
// `***both***`, `**bold**` and `*italic*` formatted runs. Everything else is kept verbatim, and
// nothing is dropped or reordered: writing the markers back around each formatted run and the `#`s
// before each heading gives the text again (a newline beside a heading inside a block becomes a
// paragraph break, as the heading is a paragraph of its own).
import { xmlSafe } from './xmlText';

export type BlockStyle = 'Normal' | 'Heading1' | 'Heading2' | 'Heading3';

export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
}

export interface Block {
  style: BlockStyle;
  /** The paragraph's lines, each a list of runs; a line break goes between two lines. */
  lines: Run[][];
}

/** `#`–`###`, one space, then something that is not only spaces; the rest of the line is the heading. */
const HEADING = /^(#{1,3}) (.*\S.*)$/;

/** Delimiters tried longest first, so `***x***` is bold italic rather than bold `*x` and a stray `*`. */
const MARKS: { mark: string; bold: boolean; italic: boolean }[] = [
  { mark: '***', bold: true, italic: true },
  { mark: '**', bold: true, italic: false },
  { mark: '*', bold: false, italic: true },
];

/** Content that may be formatted: not empty, not starting or ending with a space (so `2 * 3 * 4` stays). */
const formattable = (s: string) => s.length > 0 && !/^\s|\s$/.test(s);

/** One line as runs: a marker pair around formattable text is a formatted run; an unpaired marker is text. */
export function inlineRuns(line: string): Run[] {
  const runs: Run[] = [];
  let plain = '';
  let i = 0;
  outer: while (i < line.length) {
    if (line[i] === '*') {
      for (const { mark, bold, italic } of MARKS) {
        if (!line.startsWith(mark, i)) continue;
        const end = line.indexOf(mark, i + mark.length);
        const content = end < 0 ? '' : line.slice(i + mark.length, end);
        if (!formattable(content)) continue;
        if (plain) runs.push({ text: plain, bold: false, italic: false });
        plain = '';
        runs.push({ text: content, bold, italic });
        i = end + mark.length;
        continue outer;
      }
      // No pair starts here: the whole run of stars is text (so `**` never half-opens an italic).
      let j = i;
      while (line[j] === '*') j++;
      plain += line.slice(i, j);
      i = j;
      continue;
    }
    plain += line[i];
    i++;
  }
  if (plain || runs.length === 0) runs.push({ text: plain, bold: false, italic: false });
  return runs;
}

/** The text's paragraphs. CRLF and lone CR count as newlines; characters XML cannot hold are dropped first. */
export function textBlocks(text: string): Block[] {
  const clean = xmlSafe(text.replace(/\r\n?/g, '\n'));
  const blocks: Block[] = [];
  for (const chunk of clean.split('\n\n')) {
    let lines: Run[][] = [];
    let open = false;
    const close = () => {
      if (open) blocks.push({ style: 'Normal', lines });
      lines = [];
      open = false;
    };
    for (const line of chunk.split('\n')) {
      const heading = HEADING.exec(line);
      if (heading) {
        close();
        blocks.push({ style: `Heading${heading[1]!.length}` as BlockStyle, lines: [inlineRuns(heading[2]!)] });
      } else {
        lines.push(inlineRuns(line));
        open = true;
      }
    }
    close();
  }
  return blocks;
}
