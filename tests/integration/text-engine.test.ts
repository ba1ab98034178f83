// The text engine on real ONNX decoders (tiny GPT-2 and Llama with GQA + rotary), against
// transformers.js and a plain onnxruntime loop as oracles.
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextSettings } from '../../shared/contract/generate';
import { beamSearch } from '../../electron/engine/text/beam-search';
import { tokenShares } from '../../electron/engine/text/row-text';
import { generate, prefill, rowSeed } from '../../electron/engine/text/generate';
import { summaryAlternatives } from '../../electron/engine/text/logit-summary';
import { topAlternatives } from '../../electron/engine/text/top-alternatives';
import { KvCache } from '../../electron/engine/text/kv-cache';
import { KvWorkspace } from '../../electron/engine/text/kv-workspace';
import { PrefixCache } from '../../electron/engine/text/prefix-cache';
import { TextModel } from '../../electron/engine/text/text-model';
import { TINY_GPT2, TINY_LLAMA, greedyReference, transformersGreedy, writeDecoderFolder } from '../fixtures/tiny-decoders';
import { tempDir } from '../support/tmp';

const t = tempDir();
const dirs = { gpt2: join(t.dir, 'tiny-gpt2'), llama: join(t.dir, 'tiny-llama') };
const models: Record<string, TextModel> = {};

beforeAll(async () => {
  writeDecoderFolder(dirs.gpt2, TINY_GPT2);
  writeDecoderFolder(dirs.llama, TINY_LLAMA);
  models.gpt2 = await TextModel.load(dirs.gpt2, { provider: 'cpu' });
  models.llama = await TextModel.load(dirs.llama, { provider: 'cpu' });
});
afterAll(async () => {
  for (const m of Object.values(models)) await m.dispose();
  t.cleanup();
});

const greedy = TextSettings.parse({ topK: 1, repetitionPenalty: 1, maxNewTokens: 12 });
const sampled = TextSettings.parse({ temperature: 0.9, topK: 0, topP: 0.95, minP: 0, repetitionPenalty: 1, maxNewTokens: 10 });
/** Tokens of two seeded rows with the app's default sampler, recorded before the top-k shortlist landed. */
const SEEDED_DEFAULTS: Record<string, number[][]> = {
  gpt2: [
    [7387, 4076, 4076, 4076, 16911, 19640, 19217, 48848, 23400, 48848, 770, 5526, 28575, 19640, 44082, 46804],
    [31417, 48848, 46804, 46804, 42817, 44082, 21495, 28575, 43691, 46284, 26509, 48848, 48848, 48848, 48848, 48848],
  ],
  llama: [
    [19193, 9521, 12873, 29205, 16877, 20633, 14293, 21262, 25019, 22280, 10704, 31254, 10118, 12193, 22223, 15945],
    [28037, 851, 23635, 5652, 5187, 14293, 25329, 26766, 13084, 23021, 29672, 15654, 13874, 3156, 2055, 5201],
  ],
};
const PROMPTS = ['Once upon a time there', 'The old house stood', 'hello', 'Ünïcödé and 漢字 too'];

describe.each(['gpt2', 'llama'] as const)('%s', (arch) => {
  it('derives the I/O contract from the graph', () => {
    const io = models[arch]!.io;
    expect(io).toMatchObject({ layers: 2, hasAttentionMask: true, hasPositionIds: true, hasUseCacheBranch: false, maxPositions: 128 });
    expect(io.kvHeads).toBe(arch === 'llama' ? 2 : 4);
    expect(io.headDim).toBe(8);
    expect(models[arch]!.device).toEqual({ requested: 'cpu', used: 'cpu', fallbackReason: null });
  });

  it('greedy tokens equal transformers.js for several prompts', async () => {
    for (const prompt of PROMPTS) {
      const oracle = await transformersGreedy(dirs[arch], prompt, 12);
      const ids = models[arch]!.tokenizer.encode(prompt);
      expect(ids, prompt).toEqual(oracle.promptIds);
      const out = await generate(models[arch]!, ids, { settings: greedy, seed: 1, alternatives: 1 });
      const row = out.rows[0]!;
      const eos = models[arch]!.tokenizer.eosIds;
      const want = oracle.newIds.filter((id) => !eos.includes(id));
      expect(row.tokens.map((x) => x.id), prompt).toEqual(want);
      // transformers.js decodes the new ids alone, which drops a SentencePiece word's leading
      // space; the engine decodes in context, so text inserted at the cursor keeps it.
      expect(row.text.trimStart(), prompt).toBe(oracle.text.trimStart());
      expect(row.text.endsWith(oracle.text.trimStart()), prompt).toBe(true);
      expect(row.stopReason).toBe(want.length < oracle.newIds.length ? 'eos' : 'max-tokens');
    }
  });

  it('logits with the KV cache equal a full recompute within 1e-4', async () => {
    const m = models[arch]!;
    const ids = m.tokenizer.encode('The old house stood at the end of the road');
    const full = await m.forward([ids], KvCache.empty(m.io, 1));
    let step = await m.forward([ids.slice(0, 3)], KvCache.empty(m.io, 1));
    for (const id of ids.slice(3)) step = await m.forward([[id]], step.cache);
    expect(step.cache.length).toBe(ids.length);
    let max = 0;
    full.logits.forEach((v, i) => (max = Math.max(max, Math.abs(v - (step.logits[i] as number)))));
    expect(max).toBeLessThan(1e-4);
    // Rewinding the cache and re-running the tail gives the same logits again.
    const again = await m.forward([ids.slice(5)], step.cache.rewindTo(5));
    again.logits.forEach((v, i) => expect(Math.abs(v - (full.logits[i] as number))).toBeLessThan(1e-4));
  });

  it('decode steps through the growing workspace (new K/V outputs only) match a full recompute, rows dropped or not', async () => {
    const m = models[arch]!;
    // Both fixtures build present.N.* by Concat, so steps fetch only the new positions.
    expect(m.deltas?.key).toHaveLength(2);
    expect(m.deltas?.value).toHaveLength(2);
    // The same model without them (and so with its presents): steps take the whole present outputs instead.
    const exported = await TextModel.load(dirs[arch], { provider: 'cpu', kvInPlace: false });
    const plain = Object.assign(Object.create(Object.getPrototypeOf(exported) as object) as TextModel, exported, { deltas: null });
    const a = m.tokenizer.encode('The old house stood at the end of the road');
    const b = m.tokenizer.encode('Once upon a time there was a little dog');
    const n = Math.min(a.length, b.length);
    const vocab = m.io.vocabSize;
    const lastLogits = async (ids: number[]) => (await m.forward([ids], KvCache.empty(m.io, 1))).logits;
    // With chunk 4 the workspace feeds masked free slots and crosses chunk boundaries as it grows.
    for (const [model, chunk] of [
      [m, 1],
      [m, 4],
      [plain, 1],
    ] as const) {
      const first = await model.forward([a.slice(0, 3)], KvCache.empty(m.io, 1));
      const kv = KvWorkspace.from(first.cache, 2, n, null, chunk);
      // Row 0 follows a, row 1 diverges into b's tokens after the shared 3-token prefix.
      let logits: Float32Array = new Float32Array(0);
      for (let i = 3; i < n - 2; i++) logits = await model.step([a[i]!, b[i]!], kv);
      expect(kv.length).toBe(n - 2);
      const wantA = await lastLogits(a.slice(0, n - 2));
      const wantB = await lastLogits([...a.slice(0, 3), ...b.slice(3, n - 2)]);
      let max = 0;
      for (let v = 0; v < vocab; v++) max = Math.max(max, Math.abs(logits[v]! - wantA[v]!), Math.abs(logits[vocab + v]! - wantB[v]!));
      expect(max).toBeLessThan(1e-4);
      // Row 0 finishes; row 1 goes on alone in the same buffers.
      kv.keepRows([1]);
      for (let i = n - 2; i < n; i++) logits = await model.step([b[i]!], kv);
      const wantEnd = await lastLogits([...a.slice(0, 3), ...b.slice(3, n)]);
      max = 0;
      for (let v = 0; v < vocab; v++) max = Math.max(max, Math.abs(logits[v]! - wantEnd[v]!));
      expect(logits).toHaveLength(vocab);
      expect(max).toBeLessThan(1e-4);
    }
    await exported.dispose();
  });

  it('feeds free KV slots masked out only where the graph is checked to honour the mask', async () => {
    const m = models[arch]!;
    expect(await m.kvChunk()).toBe(16);
    // The same graph with its attention mask overridden to all ones (as a graph that ignored it).
    const run = m.session.run.bind(m.session);
    const blind = Object.assign(Object.create(Object.getPrototypeOf(m) as object) as object, m, {
      chunk: null,
      session: Object.assign(Object.create(m.session) as object, {
        run: (feeds: Record<string, ort.Tensor>, fetches: string[]) => {
          const mask = feeds.attention_mask!;
          return run({ ...feeds, attention_mask: new ort.Tensor('int64', new BigInt64Array(mask.size).fill(1n), mask.dims) }, fetches);
        },
      }),
    }) as unknown as TextModel;
    expect(await blind.kvChunk()).toBe(1);
    const ids = m.tokenizer.encode('The old house stood at the end of the road and');
    const dense = await generate(blind, ids, { settings: { ...greedy, maxNewTokens: 40 }, seed: 0, alternatives: 1 });
    const padded = await generate(m, ids, { settings: { ...greedy, maxNewTokens: 40 }, seed: 0, alternatives: 1 });
    expect(padded.rows[0]!.tokens.map((x) => x.id)).toEqual(dense.rows[0]!.tokens.map((x) => x.id));
    padded.rows[0]!.tokens.forEach((x, i) => expect(Math.abs(x.p - dense.rows[0]!.tokens[i]!.p)).toBeLessThan(1e-4));
  });

  it('N alternatives in one batch equal the same rows run one at a time', async () => {
    const m = models[arch]!;
    const ids = m.tokenizer.encode('Once upon a time there');
    const batched = await generate(m, ids, { settings: sampled, seed: 99, alternatives: 3 });
    expect(new Set(batched.rows.map((r) => r.text)).size).toBeGreaterThan(1);
    for (let r = 0; r < 3; r++) {
      const alone = await generate(m, ids, { settings: sampled, seed: rowSeed(99, r), alternatives: 1 });
      expect(alone.rows[0]!.tokens.map((x) => x.id)).toEqual(batched.rows[r]!.tokens.map((x) => x.id));
    }
  });

  it('lends a finished generation’s workspace to the next one, with the same results as fresh buffers', async () => {
    const m = models[arch]!;
    const ids = m.tokenizer.encode('Once upon a time there');
    m.takeSpareKv();
    const fresh = await generate(m, ids, { settings: sampled, seed: 42, alternatives: 3 });
    expect(m.takeSpareKv()?.reusable).toBe(true);
    // Another prompt and row count leave other data in the lent buffers.
    await generate(m, ids, { settings: sampled, seed: 42, alternatives: 3 });
    await generate(m, m.tokenizer.encode('The old house stood at the end of the road'), { settings: sampled, seed: 1, alternatives: 1 });
    const lent = await generate(m, ids, { settings: sampled, seed: 42, alternatives: 3 });
    expect(lent.rows.map((r) => r.tokens.map((x) => x.id))).toEqual(fresh.rows.map((r) => r.tokens.map((x) => x.id)));
    expect(lent.rows.map((r) => r.tokens.map((x) => x.p))).toEqual(fresh.rows.map((r) => r.tokens.map((x) => x.p)));
  });

  it('a seeded run with the app’s default sampler draws exactly the pinned tokens', async () => {
    const m = models[arch]!;
    const ids = m.tokenizer.encode('Once upon a time there');
    const out = await generate(m, ids, { settings: TextSettings.parse({ maxNewTokens: 16 }), seed: 2024, alternatives: 2 });
    expect(out.rows.map((r) => r.tokens.map((x) => x.id))).toEqual(SEEDED_DEFAULTS[arch]);
  });

  it('the same seed gives the same text; the greedy loop equals the plain ORT loop', async () => {
    const m = models[arch]!;
    const ids = m.tokenizer.encode('The old house stood');
    const a = await generate(m, ids, { settings: sampled, seed: 7, alternatives: 1 });
    const b = await generate(m, ids, { settings: sampled, seed: 7, alternatives: 1 });
    expect(b.rows[0]!.text).toBe(a.rows[0]!.text);
    const ref = await greedyReference(dirs[arch], ids, 12, { stopAtEos: false });
    const mine = await generate(m, ids, { settings: { ...greedy }, seed: 0, alternatives: 1 });
    expect(mine.rows[0]!.tokens.map((x) => x.id)).toEqual(ref.slice(0, mine.rows[0]!.tokens.length));
  });

  it('reuses a cached prefix for a branch, with the same result as a cold start', async () => {
    const m = models[arch]!;
    const cache = new PrefixCache();
    const base = m.tokenizer.encode('The old house stood at the end of the road and');
    await generate(m, base, { settings: greedy, seed: 0, alternatives: 1, prefixCache: cache, cacheKey: 'doc' });
    const branch = [...base.slice(0, 8), ...m.tokenizer.encode(' a', false)];
    const warm = await generate(m, branch, { settings: greedy, seed: 0, alternatives: 1, prefixCache: cache, cacheKey: 'doc' });
    const cold = await generate(m, branch, { settings: greedy, seed: 0, alternatives: 1 });
    expect(warm.reusedPrefixTokens).toBe(8);
    expect(cold.reusedPrefixTokens).toBe(0);
    expect(warm.rows[0]!.tokens.map((x) => x.id)).toEqual(cold.rows[0]!.tokens.map((x) => x.id));
  });

  it('a branch takes the document’s held workspace over: only the tokens after the shared prefix run, with the logits and cache of a full recompute', async () => {
    const m = models[arch]!;
    const cache = new PrefixCache();
    const base = m.tokenizer.encode('The old house stood at the end of the road and');
    await generate(m, base, { settings: { ...greedy, maxNewTokens: 4 }, seed: 0, alternatives: 1, prefixCache: cache, cacheKey: 'doc' });
    const branch = [...base.slice(0, 6), ...m.tokenizer.encode(' a small dog', false)];
    const held = cache.lookup('doc', branch, branch.length - 1);
    expect(held?.length).toBe(6);
    const p = await prefill(m, branch, { rows: 1, capacity: branch.length + 2, prefixCache: cache, cacheKey: 'doc' });
    // Its buffers had room: the same workspace, rewound in place, not a copy.
    expect(p.kv).toBe(held!.kv);
    expect(p.reused).toBe(6);
    expect(p.kv.length).toBe(branch.length);
    expect(cache.size).toBe(0);
    const full = await m.forward([branch], KvCache.empty(m.io, 1));
    let max = 0;
    full.logits.forEach((v, i) => (max = Math.max(max, Math.abs(v - p.logits[i]!))));
    expect(max).toBeLessThan(1e-4);
    const mine = p.kv.snapshot().arrays;
    const want = full.cache.arrays;
    max = 0;
    for (const [a, b] of [...mine.keys.map((k, i) => [k, want.keys[i]!]), ...mine.values.map((v, i) => [v, want.values[i]!])]) {
      expect(a!.length).toBe(b!.length);
      a!.forEach((x, i) => (max = Math.max(max, Math.abs(x - b![i]!))));
    }
    expect(max).toBeLessThan(1e-4);
  });

  it('continuing after a generation reuses its prompt and new tokens; a held workspace too small, or of another model, changes nothing in the results', async () => {
    const m = models[arch]!;
    const other = models[arch === 'gpt2' ? 'llama' : 'gpt2']!;
    const cache = new PrefixCache();
    const base = m.tokenizer.encode('Once upon a time there');
    const first = await generate(m, base, { settings: greedy, seed: 0, alternatives: 1, prefixCache: cache, cacheKey: 'doc' });
    const made = first.rows[0]!.tokens.map((x) => x.id);
    // The writer accepts the text and continues: all but the last id are held already.
    const next = [...base, ...made];
    const warm = await generate(m, next, { settings: sampled, seed: 5, alternatives: 1, prefixCache: cache, cacheKey: 'doc' });
    expect(warm.reusedPrefixTokens).toBe(next.length - 1);
    const cold = await generate(m, next, { settings: sampled, seed: 5, alternatives: 1 });
    expect(warm.rows[0]!.tokens.map((x) => x.id)).toEqual(cold.rows[0]!.tokens.map((x) => x.id));
    // Held: one row with room for next + 10 positions. Four alternatives of 12 need more: copied.
    const wide = await generate(m, next.slice(0, 9), { settings: sampled, seed: 8, alternatives: 4, prefixCache: cache, cacheKey: 'doc' });
    expect(wide.reusedPrefixTokens).toBe(8);
    const wideCold = await generate(m, next.slice(0, 9), { settings: sampled, seed: 8, alternatives: 4 });
    expect(wide.rows.map((r) => r.tokens.map((x) => x.id))).toEqual(wideCold.rows.map((r) => r.tokens.map((x) => x.id)));
    // Another model's workspace under the same key (other KV shape) is not used.
    await generate(other, other.tokenizer.encode('Once upon a time there'), { settings: greedy, seed: 0, alternatives: 1, prefixCache: cache, cacheKey: 'doc' });
    const mixed = await generate(m, base, { settings: sampled, seed: 3, alternatives: 2, prefixCache: cache, cacheKey: 'doc' });
    expect(mixed.reusedPrefixTokens).toBe(0);
    const mixedCold = await generate(m, base, { settings: sampled, seed: 3, alternatives: 2 });
    expect(mixed.rows.map((r) => r.tokens.map((x) => x.id))).toEqual(mixedCold.rows.map((r) => r.tokens.map((x) => x.id)));
  });

  it('beam search reuses a held prefix and leaves its prompt held for the next generation', async () => {
    const m = models[arch]!;
    const cache = new PrefixCache();
    const base = m.tokenizer.encode('The old house stood at the end of the road');
    await generate(m, base, { settings: greedy, seed: 0, alternatives: 1, prefixCache: cache, cacheKey: 'doc' });
    const settings = { ...greedy, maxNewTokens: 5, beams: 3 };
    const warm = await beamSearch(m, base.slice(0, 7), { settings, returnCount: 2, prefixCache: cache, cacheKey: 'doc' });
    const cold = await beamSearch(m, base.slice(0, 7), { settings, returnCount: 2 });
    expect(warm.reusedPrefixTokens).toBe(6);
    expect(warm.rows.map((r) => r.tokens.map((x) => x.id))).toEqual(cold.rows.map((r) => r.tokens.map((x) => x.id)));
    const after = await generate(m, base.slice(0, 7), { settings: greedy, seed: 0, alternatives: 1, prefixCache: cache, cacheKey: 'doc' });
    expect(after.reusedPrefixTokens).toBe(6);
  });

  it('takes each row\'s top 5 and normaliser from the graph, equal to the JS scan of the same logits', async () => {
    const m = models[arch]!;
    expect(m.summary).toBe(true);
    const a = m.tokenizer.encode('The old house stood at the end of the road');
    const b = m.tokenizer.encode('Once upon a time there was a little dog');
    const p = await prefill(m, a.slice(0, 5), { rows: 1, capacity: 16 });
    expect(p.summary).not.toBeNull();
    p.kv.fanOut(3, 16);
    const compare = (logits: Float32Array, summary: NonNullable<typeof p.summary>, rows: number) => {
      const vocab = m.io.vocabSize;
      for (let r = 0; r < rows; r++) {
        const row = logits.subarray(r * vocab, (r + 1) * vocab);
        for (const chosen of [0, 7, vocab - 1]) {
          const js = topAlternatives(row, 5, chosen);
          const graph = summaryAlternatives(summary, r, row[chosen]!);
          expect(graph.top.map((x) => x.id)).toEqual(js.top.map((x) => x.id));
          // onnxruntime sums 50257 exponentials in float32: about 1e-5 relative, far below a shown percentage.
          graph.top.forEach((x, k) => expect(Math.abs(x.p - js.top[k]!.p) / js.top[k]!.p).toBeLessThan(1e-4));
          expect(Math.abs(graph.chosenP - js.chosenP) / js.chosenP).toBeLessThan(1e-4);
        }
      }
    };
    compare(p.logits, p.summary!, 1);
    // Three rows on different tokens, twice: each row's summary is its own.
    for (let i = 5; i < 7; i++) {
      const step = await m.extendWithSummary([[a[i]!], [b[i]!], [a[i + 1]!]], p.kv);
      compare(step.logits, step.summary!, 3);
    }
  });

  it('records the top alternatives of every token, the chosen one first under greedy', async () => {
    const m = models[arch]!;
    const out = await generate(m, m.tokenizer.encode('hello'), { settings: greedy, seed: 0, alternatives: 1 });
    for (const tok of out.rows[0]!.tokens) {
      expect(tok.top).toHaveLength(5);
      expect(tok.top[0]!.id).toBe(tok.id);
      expect(tok.top[0]!.p).toBeCloseTo(tok.p, 6);
      for (let i = 1; i < 5; i++) expect(tok.top[i]!.p).toBeLessThanOrEqual(tok.top[i - 1]!.p);
    }
    expect(out.rows[0]!.tokens.map((x) => x.text).join('')).toBe(out.rows[0]!.text);
  });
});

describe('stopping', () => {
  it('stops on a stop string made of several tokens and keeps the text before it', async () => {
    const m = models.llama!;
    const ids = m.tokenizer.encode('Once upon a time there');
    const free = await generate(m, ids, { settings: { ...greedy, maxNewTokens: 20 }, seed: 0, alternatives: 1 });
    const text = free.rows[0]!.text;
    // Pick a stop string that spans a token boundary in the greedy text.
    const tokens = free.rows[0]!.tokens;
    const cut = tokens[0]!.text.length + tokens[1]!.text.length;
    const stop = text.slice(cut - 2, cut + 2);
    expect(stop.length).toBe(4);
    const stopped = await generate(m, ids, { settings: { ...greedy, maxNewTokens: 20, stop: [stop] }, seed: 0, alternatives: 1 });
    expect(stopped.rows[0]!.stopReason).toBe('stop-string');
    expect(stopped.rows[0]!.text).toBe(text.slice(0, text.indexOf(stop)));
    expect(stopped.rows[0]!.tokens.map((x) => x.text).join('')).toBe(stopped.rows[0]!.text);
  });

  it('a generation that ends inside a character keeps whole characters only: its text is its streamed tokens', async () => {
    // GPT-2's byte-level tokens can end part way through a UTF-8 character. Runs of two tokens at
    // a flat temperature, until some end that way (the tokenizer says so: its decode of the ids
    // ends in U+FFFD); their text must not keep that half character the tokens never streamed.
    const m = models.gpt2!;
    const ids = m.tokenizer.encode(PROMPTS[3]!);
    const flat = TextSettings.parse({ temperature: 5, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1, maxNewTokens: 2 });
    let cut = 0;
    for (let seed = 1; seed <= 400 && cut < 3; seed++) {
      const row = (await generate(m, ids, { settings: flat, seed, alternatives: 1 })).rows[0]!;
      if (!m.tokenizer.decode([...ids, ...row.tokens.map((x) => x.id)]).endsWith('\uFFFD')) continue;
      cut++;
      expect(row.stopReason).toBe('max-tokens');
      expect(row.text).toBe(row.tokens.map((x) => x.text).join(''));
      expect(row.text.endsWith('\uFFFD')).toBe(false);
    }
    expect(cut).toBe(3);
  });

  it('stops at once when cancelled and reports it', async () => {
    const m = models.gpt2!;
    const ac = new AbortController();
    let streamed = 0;
    const out = await generate(m, m.tokenizer.encode('hello'), {
      settings: { ...sampled, maxNewTokens: 100 },
      seed: 3,
      alternatives: 2,
      signal: ac.signal,
      flushMs: 0,
      onTokens: (_row, tokens) => {
        streamed += tokens.length;
        if (streamed >= 6) ac.abort();
      },
    });
    for (const row of out.rows) {
      expect(row.stopReason).toBe('cancelled');
      expect(row.tokens.length).toBeLessThan(100);
      expect(row.tokens.length).toBeGreaterThan(0);
    }
  });

  it('keeps the end of a prompt longer than the context', async () => {
    const m = models.gpt2!;
    const long = m.tokenizer.encode('word '.repeat(300));
    const out = await generate(m, long, { settings: { ...greedy, maxNewTokens: 8 }, seed: 0, alternatives: 1 });
    expect(out.truncatedPromptTokens).toBe(long.length - 120);
    expect(out.promptTokens).toBe(120);
    expect(out.rows[0]!.tokens).toHaveLength(8);
  });
});

describe('beam search on a real model', () => {
  it('with one beam equals greedy, and with more beams scores at least as well', async () => {
    const m = models.llama!;
    const ids = m.tokenizer.encode('The old house stood');
    const settings = { ...greedy, maxNewTokens: 6 };
    const one = await beamSearch(m, ids, { settings: { ...settings, beams: 1 }, returnCount: 1 });
    const g = await generate(m, ids, { settings, seed: 0, alternatives: 1 });
    expect(one.rows[0]!.tokens.map((x) => x.id)).toEqual(g.rows[0]!.tokens.map((x) => x.id));
    const four = await beamSearch(m, ids, { settings: { ...settings, beams: 4, lengthPenalty: 0 }, returnCount: 3 });
    expect(four.rows).toHaveLength(3);
    const logp = (row: { tokens: { p: number }[] }) => row.tokens.reduce((s, x) => s + Math.log(x.p), 0);
    expect(logp(four.rows[0]!)).toBeGreaterThanOrEqual(logp(one.rows[0]!) - 1e-6);
  });

  it('returns whole characters, each token holding its share of the text, cut where a stop string begins', async () => {
    const m = models.gpt2!;
    const ids = m.tokenizer.encode('Once upon a time there');
    const settings = { ...greedy, maxNewTokens: 10, beams: 3 };
    const free = (await beamSearch(m, ids, { settings, returnCount: 1 })).rows[0]!;
    expect(free.tokens.map((x) => x.text).join('')).toBe(free.text);
    // A stop string across the second token boundary: the text ends before it, and so do the tokens.
    const cut = free.tokens[0]!.text.length + free.tokens[1]!.text.length;
    const stop = free.text.slice(cut - 2, cut + 2);
    expect(stop.length).toBe(4);
    // (The beam that meets it ends there; another may then score best, so every beam returned is checked.)
    const rows = (await beamSearch(m, ids, { settings: { ...settings, stop: [stop] }, returnCount: 8 })).rows;
    const stopped = rows.filter((r) => r.stopReason === 'stop-string');
    expect(stopped.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.tokens.map((x) => x.text).join('')).toBe(row.text);
    for (const row of stopped) {
      // Cut where the stop string begins: its tokens decode to the text and then the stop string's start.
      expect(row.text.includes(stop)).toBe(false);
      const decoded = m.tokenizer.decode([...ids, ...row.tokens.map((x) => x.id)]).slice(m.tokenizer.decode(ids).length);
      expect(decoded.startsWith(row.text)).toBe(true);
      expect(stop.startsWith(decoded.slice(row.text.length, row.text.length + stop.length)) && decoded.length > row.text.length).toBe(true);
    }
  });
});

describe('token shares', () => {
  it('give each token its share of the decoded text: a character split across tokens goes whole to the token that completes it', () => {
    const tok = models.gpt2!.tokenizer;
    const prompt = tok.encode('Say');
    const ids = tok.encode(' «naïve» café 🙂 and 漢字');
    const after = (n: number) => tok.decode([...prompt, ...ids.slice(0, n)]).slice(tok.decode(prompt).length);
    let open = 0;
    for (let n = 1; n <= ids.length; n++) {
      const shares = tokenShares(tok, prompt, ids.slice(0, n));
      expect(shares).toHaveLength(n);
      // The tokenizer's own decode is the oracle; a character still open at the end is left out.
      if (after(n).endsWith('\uFFFD')) open++;
      expect(shares.join('')).toBe(after(n).replace(/\uFFFD+$/, ''));
    }
    expect(open).toBeGreaterThan(0);
    expect(tokenShares(tok, prompt, ids).join('')).toBe(' «naïve» café 🙂 and 漢字');
  });
});
