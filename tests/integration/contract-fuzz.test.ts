// Contract fuzzing in CI: a few thousand generated requests (every method, valid, near-valid,
// random, junk) through a real `atelier serve --paused` process. Every request gets a typed
// answer, nothing crashes or hangs, and no rejected request changes the store. The first request
// is always a frame over the size limit, so that path is covered whatever the seed draws.
// `npm run fuzz:contract` runs the same with 10 000+ requests and a fresh seed.
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/contract';
import { runContractFuzz, summary } from '../fuzz/fuzz-run';

const RUNS = 3000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);

describe('contract fuzzing', () => {
  it(`answers ${RUNS} hostile requests with typed results or errors (seed ${SEED})`, async () => {
    const report = await runContractFuzz({ runs: RUNS, seed: SEED, deadlineMs: 60_000 });
    console.log(`contract fuzz, seed ${SEED}: ${summary(report)}`);
    for (const f of report.findings.slice(0, 5)) console.log(`#${f.index} ${f.problem} ${f.method} ${f.mutation ?? ''}: ${f.request}\n  ${f.detail}`);
    expect(report.findings).toEqual([]);
    expect(report.requests).toBe(RUNS);
    expect(report.crashes).toBe(0);
    expect(report.hangs).toBe(0);
    expect(report.untyped).toBe(0);
    expect(report.storeChangedByRejects).toBe(0);
    expect(report.healthy).toBe(true);
    // At least one frame over the size limit (the run always opens with one): refused with the
    // typed BAD_INPUT and close 1009, and the host answered on a new connection after each.
    expect(report.tooBig).toBeGreaterThanOrEqual(1);
    expect(report.servedAfterTooBig).toBe(report.tooBig);
    // Every method was asked, and the run reached the handlers, not just the schema check.
    for (const m of METHOD_NAMES) expect(report.perMethod[m]?.requests ?? 0, m).toBeGreaterThan(0);
    expect(report.ok).toBeGreaterThan(RUNS / 20);
    expect(report.typedErrors.BAD_INPUT ?? 0).toBeGreaterThan(RUNS / 2);
    expect(report.typedErrors.NOT_FOUND ?? 0).toBeGreaterThan(0);
    const answered = report.ok + Object.values(report.typedErrors).reduce((a, b) => a + b, 0) + report.tooBig;
    expect(answered).toBe(RUNS);
  }, 15 * 60_000);
});
