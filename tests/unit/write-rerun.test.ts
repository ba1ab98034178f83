// When the job a window streams started over (a host restart re-ran it), and whether a Tab pressed
// while the host was down can be carried out on the re-run (renderer/features/write/rerun.ts).
import { describe, expect, it } from 'vitest';
import { keepCheck, startedOver } from '../../renderer/features/write/rerun';

describe('startedOver', () => {
  it('is a later attempt running, or the job queued again after the run shown', () => {
    expect(startedOver(1, { status: 'running', attempts: 2 })).toBe(true);
    expect(startedOver(1, { status: 'queued', attempts: 1 })).toBe(true);
    expect(startedOver(2, { status: 'queued', attempts: 2 })).toBe(true);
  });

  it('is not the run shown, an older answer, an ended job, or a job no run of which was seen', () => {
    expect(startedOver(1, { status: 'running', attempts: 1 })).toBe(false);
    // generate.text's answer (queued, no attempt yet) read after the job's first run began.
    expect(startedOver(1, { status: 'queued', attempts: 0 })).toBe(false);
    expect(startedOver(2, { status: 'running', attempts: 1 })).toBe(false);
    for (const status of ['done', 'cancelled', 'failed'] as const) expect(startedOver(1, { status, attempts: 2 })).toBe(false);
    expect(startedOver(0, { status: 'running', attempts: 2 })).toBe(false);
    expect(startedOver(0, { status: 'queued', attempts: 1 })).toBe(false);
  });
});

describe('keepCheck', () => {
  it('waits while the re-run has written part of what was shown', () => {
    expect(keepCheck('The ferry left', '')).toBe('wait');
    expect(keepCheck('The ferry left', 'The fe')).toBe('wait');
  });

  it('is reached once the re-run has written all of it, or more', () => {
    expect(keepCheck('The ferry left', 'The ferry left')).toBe('reached');
    expect(keepCheck('The ferry left', 'The ferry left at')).toBe('reached');
    expect(keepCheck('', '')).toBe('reached');
  });

  it('differs as soon as the re-run wrote something else', () => {
    expect(keepCheck('The ferry left', 'The fo')).toBe('differs');
    expect(keepCheck('The ferry left', 'The ferry right now')).toBe('differs');
  });
});
