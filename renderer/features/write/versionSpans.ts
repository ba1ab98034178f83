// The tints (provenance spans) of versions and the token data behind them, looked up from the
// host and cached per version: the spans stored with a version, or rebuilt from its history for
// versions saved before spans were kept. Separate from the session because it needs only the
// connection, never the editor; the session, the run and head following all ask it.
import type { Client } from '../../../shared/client';
import type { GeneratedToken, HistoryGraph, Iteration, IterationTokens, StoredSpan } from '../../../shared/contract';
import { addSpans, applyChanges, tokenSpans, type Span } from './provenance';
import { Reinserted } from './reinserted';
import { fromStored } from './storedSpans';
import { changedRegion, generatedChange } from './textDiff';

export class VersionSpans {
  private readonly spanCache = new Map<string, Span[]>();
  private readonly tokenCache = new Map<string, Promise<IterationTokens | null>>();

  constructor(private readonly client: Client) {}

  /** The exact tints of a version this window saved or accepted (taken as they are, never rebuilt). */
  remember(id: string, spans: Span[]): void {
    this.spanCache.set(id, spans);
  }

  tokensOf(id: string): Promise<IterationTokens | null> {
    let found = this.tokenCache.get(id);
    if (!found) {
      found = this.client.call('history.tokens', { id });
      found.catch(() => this.tokenCache.delete(id));
      this.tokenCache.set(id, found);
    }
    return found;
  }

  async tokenData(iterationId: string, index: number): Promise<GeneratedToken | null> {
    try {
      return (await this.tokensOf(iterationId))?.tokens[index] ?? null;
    } catch {
      return null;
    }
  }

  /** The spans stored with a version, as the editor holds them (null: none stored, or not readable). */
  private async storedSpans(id: string, text: string): Promise<Span[] | null> {
    let stored: StoredSpan[] | null;
    try {
      stored = await this.client.call('history.spans', { id });
    } catch {
      return null;
    }
    if (!stored) return null;
    const spans = await fromStored(stored, text, (it) => this.tokensOf(it));
    this.spanCache.set(id, spans);
    return spans;
  }

  /**
   * The tints of a version as stored with it, or, for versions saved before spans were kept,
   * rebuilt from history: walk its first-parent path from the oldest
   * model-touched version, carry the spans through each step's changed region, and add each
   * generated version's tokens. Versions the writer saved in this session are cached exactly.
   */
  async spansFor(id: string, graph: HistoryGraph, text: string): Promise<Span[]> {
    const cached = this.spanCache.get(id);
    if (cached) return cached;
    const stored = await this.storedSpans(id, text);
    if (stored) return stored;
    const byId = new Map(graph.iterations.map((i) => [i.id, i]));
    const chain: Iteration[] = [];
    for (let cur = byId.get(id); cur; ) {
      chain.push(cur);
      if (this.spanCache.has(cur.id) || chain.length > 5000) break;
      const parent = cur.parentIds[0];
      cur = parent ? byId.get(parent) : undefined;
    }
    let k = -1;
    for (let j = chain.length - 1; j >= 0; j--) {
      const c = chain[j] as Iteration;
      if (c.source !== 'user' || this.spanCache.has(c.id)) {
        k = j;
        break;
      }
    }
    if (k < 0) return [];
    // Fetch the texts along the way a few at a time, then walk forward through them.
    const needed = chain.slice(0, k + 2);
    const texts = new Map<string, string>([[id, text]]);
    for (let i = 0; i < needed.length; i += 8) {
      const batch = needed.slice(i, i + 8).filter((it) => !texts.has(it.id));
      const got = await Promise.all(batch.map((it) => this.client.call('history.get', { id: it.id })));
      for (const it of got) texts.set(it.id, it.text ?? '');
      // A version on the way with stored spans is taken as stored, not rebuilt (storedSpans caches it).
      await Promise.all(got.map((it) => this.storedSpans(it.id, it.text ?? '')));
    }
    const textOf = (it: Iteration) => texts.get(it.id) ?? '';
    const older = chain[k + 1];
    let prevText: string | null = older ? textOf(older) : null;
    let prevSpans: Span[] = [];
    const reinserted = new Reinserted();
    for (let j = k; j >= 0; j--) {
      const node = chain[j] as Iteration;
      const nodeText = textOf(node);
      let spans = this.spanCache.get(node.id);
      if (!spans) {
        const data = node.source === 'model' ? await this.tokensOf(node.id) : null;
        const genLength = data ? data.tokens.reduce((n, t) => n + t.text.length, 0) : 0;
        const change =
          prevText === null ? null : data ? generatedChange(prevText, nodeText, data.start, genLength) : changedRegion(prevText, nodeText);
        // A generation is not the writer's edit: what it replaced goes, nothing turns "edited".
        spans = change ? applyChanges(prevSpans, [change], !data) : prevSpans;
        // An undo saved, then redone: the text it put back is the model's again.
        if (change && !data && prevText !== null) spans = reinserted.step(prevText, prevSpans, nodeText, change, spans);
        if (data) {
          const added = tokenSpans(nodeText, data, node.id);
          // A branch's chosen alternative sits just before the generated text: model text too.
          if (change && change.fromB < data.start && data.start <= change.toB) added.push({ from: change.fromB, to: data.start, kind: 'model' });
          spans = addSpans(spans, added);
        }
        this.spanCache.set(node.id, spans);
      }
      prevSpans = spans;
      prevText = nodeText;
    }
    return prevSpans;
  }
}
