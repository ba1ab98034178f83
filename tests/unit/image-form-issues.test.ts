// The prompt panel's field messages (renderer/features/image/settings.ts buildSettings): every
// refused value reads as a sentence about its field. Before the fix the CFG, seed and prompt
// fields showed zod's own wording ("Too small: expected number to be >=0", "Too big: expected int
// to be <=9007199254740991") because the shared schema gave them no message.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, buildSettings, type BoardForm } from '../../renderer/features/image/settings';

const issuesOf = (change: Partial<BoardForm>) => {
  const built = buildSettings({ ...DEFAULT_FORM, prompt: 'a lighthouse', ...change }, 'diffusion');
  if (built.ok) throw new Error('expected the form to be refused');
  return built.issues;
};

describe('image form messages', () => {
  it('names the field and its limit for each refused value', () => {
    expect(issuesOf({ cfg: '-3' })).toEqual({ cfg: 'CFG must be at least 0.' });
    expect(issuesOf({ cfg: '31' })).toEqual({ cfg: 'CFG must be at most 30.' });
    expect(issuesOf({ seedLocked: true, seed: '-1' })).toEqual({ seed: 'Seed must be at least 0.' });
    expect(issuesOf({ seedLocked: true, seed: '99999999999999999999' })).toEqual({ seed: 'Seed must be at most 4294967295.' });
    expect(issuesOf({ seedLocked: true, seed: '1.5' })).toEqual({ seed: 'Seed must be a whole number.' });
    expect(issuesOf({ prompt: 'x'.repeat(20_001) })).toEqual({ prompt: 'The prompt must be at most 20,000 characters.' });
    expect(issuesOf({ negativePrompt: 'x'.repeat(20_001) })).toEqual({ negativePrompt: 'The negative prompt must be at most 20,000 characters.' });
    expect(issuesOf({ initIterationId: 'v1', strength: '1.5' })).toEqual({ strength: 'Strength must be at most 1.' });
    expect(issuesOf({ steps: '2.5' })).toEqual({ steps: 'Steps must be a whole number.' });
    expect(issuesOf({ width: '64.5' })).toEqual({ width: 'Width must be a whole number.' });
    expect(issuesOf({ height: '1e9' })).toEqual({ height: 'Height must be at most 2048.' });
  });

  it('accepts the edges of each range', () => {
    const built = buildSettings({ ...DEFAULT_FORM, prompt: 'x'.repeat(20_000), cfg: '30', seedLocked: true, seed: '4294967295' }, 'diffusion');
    expect(built.ok && built.value.settings.seed).toBe(4_294_967_295);
  });
});
