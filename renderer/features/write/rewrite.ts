// Rewriting a selection with an instruct model: what the request carries (the text before the
// selection as the prompt, the text after it as the suffix, the selection and the instruction),
// checked against the contract's limits before anything is sent.
import { GenerateTextRequest } from '../../../shared/contract';

export const QUICK_PICKS = ['Make it more vivid', 'Shorten', 'Fix grammar'] as const;

const rewriteShape = GenerateTextRequest.shape.rewrite.unwrap().unwrap().shape;
export const SELECTION_MAX = rewriteShape.selection.maxLength ?? 200_000;
export const INSTRUCTION_MAX = rewriteShape.instruction.maxLength ?? 10_000;

export interface RewriteParts {
  prompt: string;
  suffix: string;
  rewrite: { selection: string; instruction: string };
}

/** The request's parts for rewriting doc[from, to) as told, or why it cannot be sent. */
export function rewriteParts(doc: string, from: number, to: number, instruction: string): RewriteParts | { problem: string } {
  const selection = doc.slice(from, to);
  const told = instruction.trim();
  if (selection.trim() === '') return { problem: 'Select the text to rewrite first.' };
  if (selection.length > SELECTION_MAX) {
    return { problem: `Select at most ${SELECTION_MAX.toLocaleString('en-US')} characters to rewrite (this is ${selection.length.toLocaleString('en-US')}).` };
  }
  if (told === '') return { problem: 'Say how to rewrite it, or pick one of the suggestions.' };
  if (told.length > INSTRUCTION_MAX) return { problem: `Keep the instruction to ${INSTRUCTION_MAX.toLocaleString('en-US')} characters.` };
  return { prompt: doc.slice(0, from), suffix: doc.slice(to), rewrite: { selection, instruction: told } };
}
