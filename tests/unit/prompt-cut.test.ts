// The too-long-prompt notice's words and where they come from: a recipe that kept the count, and
// none for a prompt that fit, a recipe from before the count was kept, or no recipe at all.
import { describe, expect, it } from 'vitest';
import { promptCutOf, promptCutWords } from '../../renderer/features/write/promptCut';

const recipe = (extra: object) => ({ recipe: { kind: 'text', model: { id: 'starter-text' }, promptTokens: 240, ...extra } });

describe('prompt cut notice', () => {
  it('reads the count from the recipe', () => {
    expect(promptCutOf(recipe({ truncatedPromptTokens: 111 }))).toEqual({ left: 111, reads: 240 });
    expect(promptCutOf(recipe({}))).toBeNull();
    expect(promptCutOf(recipe({ truncatedPromptTokens: 0 }))).toBeNull();
    expect(promptCutOf({ recipe: null })).toBeNull();
    expect(promptCutOf({ recipe: { kind: 'image', truncatedPromptTokens: 5 } })).toBeNull();
    expect(promptCutOf(undefined)).toBeNull();
  });

  it('says how many tokens were left out and how many the model reads', () => {
    expect(promptCutWords({ left: 111, reads: 240 })).toBe('The first 111 tokens were left out: the model reads at most 240.');
    expect(promptCutWords({ left: 1, reads: 192 })).toBe('The first token was left out: the model reads at most 192.');
  });
});
