// Builds the configured stage order from settings, and picks the next token.
import type { SamplerStage, TextSettings } from '../../../../shared/contract/generate';
import type { Prng } from '../../prng';
import { fromLogits, probabilities, type Candidates } from './candidates';
import { minP } from './min-p';
import { noRepeatNgram } from './no-repeat-ngram';
import { penalties } from './penalties';
import type { SamplingContext, Stage } from './stage';
import { temperature } from './temperature';
import { topK } from './top-k';
import { topP } from './top-p';
import { typicalP } from './typical-p';

export function buildStages(s: TextSettings): Stage[] {
  const make: Record<SamplerStage, () => Stage> = {
    penalties: () =>
      penalties({ repetition: s.repetitionPenalty, presence: s.presencePenalty, frequency: s.frequencyPenalty, window: s.penaltyWindow }),
    'no-repeat-ngram': () => noRepeatNgram(s.noRepeatNgram),
    temperature: () => temperature(s.temperature),
    'top-k': () => topK(s.topK),
    'typical-p': () => typicalP(s.typicalP),
    'top-p': () => topP(s.topP),
    'min-p': () => minP(s.minP),
  };
  // Each stage at most once, in the user's order.
  return [...new Set(s.samplerOrder)].map((name) => make[name]());
}

/** Greedy when temperature is 0 or top-k is 1; otherwise a seeded draw. */
export function isGreedy(s: TextSettings): boolean {
  return s.temperature === 0 || s.topK === 1;
}

export function argmax(c: Candidates): number {
  let best = -1;
  let bestLogit = -Infinity;
  for (let i = 0; i < c.size; i++) {
    const l = c.logits[i] as number;
    if (l > bestLogit || (l === bestLogit && best >= 0 && (c.ids[i] as number) < (c.ids[best] as number))) {
      best = i;
      bestLogit = l;
    }
  }
  return best < 0 ? (c.ids[0] as number) : (c.ids[best] as number);
}

export function draw(c: Candidates, rng: Prng): number {
  const p = probabilities(c);
  let u = rng.next();
  for (let i = 0; i < c.size; i++) {
    u -= p[i] as number;
    if (u < 0) return c.ids[i] as number;
  }
  // Rounding left a sliver: take the last token with any probability.
  for (let i = c.size - 1; i >= 0; i--) if ((p[i] as number) > 0) return c.ids[i] as number;
  return c.ids[0] as number;
}

/** The first index of the largest logit (what argmax() picks on untouched candidates). */
function argmaxLogits(logits: Float32Array): number {
  let best = 0;
  let bestLogit = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const l = logits[i] as number;
    if (l > bestLogit) {
      best = i;
      bestLogit = l;
    }
  }
  return best;
}

export class Sampler {
  private readonly stages: Stage[];
  private readonly greedy: boolean;
  /** Greedy with no penalty or n-gram stage in effect: the argmax of the raw logits. */
  private readonly plainArgmax: boolean;

  constructor(
    settings: TextSettings,
    private readonly rng: Prng,
  ) {
    this.greedy = isGreedy(settings);
    // Greedy ignores temperature and truncation, but penalties and n-gram bans still apply.
    this.stages = buildStages(
      this.greedy ? { ...settings, samplerOrder: settings.samplerOrder.filter((s) => s === 'penalties' || s === 'no-repeat-ngram') } : settings,
    );
    const penalising =
      settings.samplerOrder.includes('penalties') && (settings.repetitionPenalty !== 1 || settings.presencePenalty !== 0 || settings.frequencyPenalty !== 0);
    const banning = settings.samplerOrder.includes('no-repeat-ngram') && settings.noRepeatNgram > 0;
    this.plainArgmax = this.greedy && !penalising && !banning;
  }

  next(logits: Float32Array, ctx: SamplingContext): number {
    // No stage would change anything: skip building the candidate list (a copy of the vocabulary).
    if (this.plainArgmax) return argmaxLogits(logits);
    const c = fromLogits(logits);
    for (const stage of this.stages) stage(c, ctx);
    return this.greedy ? argmax(c) : draw(c, this.rng);
  }
}
