// Builds the configured stage order from settings, and picks the next token.
import type { SamplerStage, TextSettings } from '../../../../shared/contract/generate';
import type { Prng } from '../../prng';
import { fromLogits, probabilities, type Candidates } from './candidates';
import { minP } from './min-p';
import { noRepeatNgram } from './no-repeat-ngram';
import { penalties } from './penalties';
import { shortlist, type ShortlistPlan } from './shortlist';
import type { SamplingContext, Stage } from './stage';
import { temperature } from './temperature';
import { topK } from './top-k';
import { topP } from './top-p';
import { typicalP } from './typical-p';

/** Stages that change a token's logit from that token and the context alone. */
const POINTWISE: readonly SamplerStage[] = ['penalties', 'no-repeat-ngram', 'temperature'];

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
  return stageOrder(s).map((name) => make[name]());
}

const stageOrder = (s: TextSettings): SamplerStage[] => [...new Set(s.samplerOrder)];

/**
 * Where top-k follows only pointwise stages, the candidates it leaves can be found from a
 * shortlist of the vocabulary (see shortlist.ts); null where it cannot.
 */
export function shortlistPlan(s: TextSettings, stages: Stage[]): ShortlistPlan | null {
  const order = stageOrder(s);
  const at = order.indexOf('top-k');
  if (at < 0 || s.topK <= 0 || !order.slice(0, at).every((name) => POINTWISE.includes(name))) return null;
  return {
    before: stages.slice(0, at),
    topK: stages[at] as Stage,
    k: s.topK,
    temperature: order.slice(0, at).includes('temperature') && s.temperature > 0 ? s.temperature : 1,
  };
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
  /** Greedy with no penalty or n-gram stage in effect: the argmax of the raw logits (a caller that knows it may skip next()). */
  readonly plainArgmax: boolean;
  /** Sampling with top-k after pointwise stages: the shortlist path (same tokens, less work). */
  private readonly plan: ShortlistPlan | null;
  /** The stages after top-k. */
  private readonly after: Stage[];

  constructor(
    settings: TextSettings,
    private readonly rng: Prng,
    /** false runs every stage over the whole vocabulary (the reference the shortlist is tested against). */
    useShortlist = true,
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
    this.plan = useShortlist && !this.greedy ? shortlistPlan(settings, this.stages) : null;
    this.after = this.plan ? this.stages.slice(this.plan.before.length + 1) : [];
  }

  next(logits: Float32Array, ctx: SamplingContext): number {
    // No stage would change anything: skip building the candidate list (a copy of the vocabulary).
    if (this.plainArgmax) return argmaxLogits(logits);
    const short = this.plan ? shortlist(this.plan, logits, ctx) : null;
    if (short) {
      for (const stage of this.after) stage(short, ctx);
      return draw(short, this.rng);
    }
    const c = fromLogits(logits);
    for (const stage of this.stages) stage(c, ctx);
    return this.greedy ? argmax(c) : draw(c, this.rng);
  }
}
