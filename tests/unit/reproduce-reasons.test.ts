// Why a re-run may differ from the version it re-ran: compared recipe by recipe.
import { describe, expect, it } from 'vitest';
import { reproduceReasons } from '../../electron/host/reproduce';

const base = {
  model: { sha256: 'a'.repeat(64) },
  device: { used: 'cpu', fallbackReason: null },
  engine: 'atelier-onnx-text/1',
  settings: { temperature: 0.8, seed: null, topP: 0.95 },
};

describe('reproduceReasons', () => {
  it('finds nothing when only the seed setting and bookkeeping differ', () => {
    expect(reproduceReasons(base, { ...base, settings: { ...base.settings, seed: 5 } })).toEqual([]);
    expect(reproduceReasons(null, null)).toEqual([]);
  });

  it('names a changed model file, another device, another engine and changed settings', () => {
    const after = {
      model: { sha256: 'b'.repeat(64) },
      device: { used: 'cpu', fallbackReason: 'cuda failed to start (no driver)' },
      engine: 'atelier-onnx-text/2',
      settings: { temperature: 1.2, seed: null, topP: 0.95 },
    };
    const before = { ...base, device: { used: 'cuda', fallbackReason: null } };
    expect(reproduceReasons(before, after)).toEqual([
      { code: 'model-changed', message: `The model file changed: sha256 ${'a'.repeat(12)}… then, ${'b'.repeat(12)}… now` },
      { code: 'other-device', message: 'Made on cuda, re-run on cpu (cuda failed to start (no driver))' },
      { code: 'engine-changed', message: 'The engine changed: atelier-onnx-text/1 then, atelier-onnx-text/2 now' },
      { code: 'settings-differ', message: 'Settings differ: temperature' },
    ]);
  });

  it('does not blame the model when a hash is unknown', () => {
    expect(reproduceReasons({ ...base, model: { sha256: null } }, base)).toEqual([]);
  });
});
