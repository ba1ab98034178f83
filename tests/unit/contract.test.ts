import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, contract, methodSchema } from '../../shared/contract';
import { AtelierError, toWireError } from '../../shared/errors';

describe('contract', () => {
  it('lists every service method by name', () => {
    expect(METHOD_NAMES).toContain('projects.create');
    expect(METHOD_NAMES).toContain('jobs.enqueue');
    expect(METHOD_NAMES.length).toBe(Object.values(contract).reduce((n, s) => n + Object.keys(s).length, 0));
  });

  it('finds schemas only for real methods, never for prototype keys', () => {
    expect(methodSchema('projects.create')).toBeDefined();
    for (const name of ['projects.nope', 'nope.create', 'projects', 'projects.create.x', '__proto__.toString', 'projects.constructor', '']) {
      expect(methodSchema(name)).toBeUndefined();
    }
  });

  it('trims names and rejects empty, multi-line and oversized ones', () => {
    const s = contract.projects.create.input;
    expect(s.parse({ name: '  Novel  ' })).toEqual({ name: 'Novel' });
    expect(s.safeParse({ name: '   ' }).success).toBe(false);
    expect(s.safeParse({ name: 'a\nb' }).success).toBe(false);
    expect(s.safeParse({ name: 'x'.repeat(201) }).success).toBe(false);
    expect(s.safeParse({ name: 'ok', extra: 1 }).success).toBe(false);
  });

  it('rejects path-like and oversized ids', () => {
    const s = contract.projects.rename.input;
    for (const id of ['../../etc/passwd', '/etc/passwd', 'a\u0000b', 'x'.repeat(65), '']) {
      expect(s.safeParse({ id, name: 'n' }).success).toBe(false);
    }
    expect(s.safeParse({ id: 'abc-DEF_123', name: 'n' }).success).toBe(true);
  });

  it('fills job payload defaults and bounds them', () => {
    const s = contract.jobs.enqueue.input;
    expect(s.parse({ kind: 'self-test' })).toEqual({ kind: 'self-test', payload: { steps: 20, stepMs: 100 } });
    expect(s.parse({ kind: 'self-test', payload: { steps: 3 } })).toEqual({ kind: 'self-test', payload: { steps: 3, stepMs: 100 } });
    expect(s.safeParse({ kind: 'self-test', payload: { steps: Number.NaN } }).success).toBe(false);
    expect(s.safeParse({ kind: 'self-test', payload: { steps: 1e9 } }).success).toBe(false);
    expect(s.safeParse({ kind: 'mine-bitcoin' }).success).toBe(false);
  });

  it('turns any thrown value into a closed-set wire error', () => {
    expect(toWireError(new AtelierError('NOT_FOUND', 'gone'))).toEqual({ code: 'NOT_FOUND', message: 'gone' });
    expect(toWireError(new Error('boom'))).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(toWireError({ code: 'WHATEVER', message: 'x' })).toEqual({ code: 'INTERNAL', message: '[object Object]' });
  });
});
