import { describe, expect, it } from 'vitest';
import { StopMatcher } from '../../electron/engine/text/stop-strings';

describe('StopMatcher', () => {
  it('finds the earliest stop string, also when it spans what were separate tokens', () => {
    const m = new StopMatcher(['\n\n', 'THE END']);
    let text = '';
    const pieces = ['Once', ' upon', ' a time.', '\n', '\nMore'];
    let found = null;
    for (const p of pieces) {
      const before = text.length;
      text += p;
      found = m.find(text, before);
      if (found) break;
    }
    expect(found).toEqual({ index: 'Once upon a time.'.length, stop: '\n\n' });
    expect(m.find('THE END\n\n')).toEqual({ index: 0, stop: 'THE END' });
  });

  it('holds back a tail that may still become a stop string', () => {
    const m = new StopMatcher(['THE END']);
    expect(m.safeLength('and so, THE E')).toBe('and so, '.length);
    expect(m.safeLength('and so, THX')).toBe('and so, THX'.length);
    expect(new StopMatcher([]).safeLength('abc')).toBe(3);
  });
});
