// Text generation settings: every sampler stage, the selector, stop conditions. The same schema
// validates the UI, the CLI and the recipe stored with every generated version.
import { z } from 'zod';

export const SAMPLER_STAGES = [
  'penalties',
  'no-repeat-ngram',
  'temperature',
  'top-k',
  'typical-p',
  'top-p',
  'min-p',
] as const;
export type SamplerStage = (typeof SAMPLER_STAGES)[number];

const finite = () => z.number().refine(Number.isFinite, 'must be a finite number');

export const TextSettings = z.strictObject({
  maxNewTokens: z.number().int().min(1).max(4096).default(64),
  /** 0 means greedy. */
  temperature: finite().pipe(z.number().min(0).max(5)).default(0.8),
  /** 0 disables; 1 is greedy. */
  topK: z.number().int().min(0).max(1_000_000).default(40),
  topP: finite().pipe(z.number().gt(0).max(1)).default(0.95),
  minP: finite().pipe(z.number().min(0).max(1)).default(0.05),
  typicalP: finite().pipe(z.number().gt(0).max(1)).default(1),
  repetitionPenalty: finite().pipe(z.number().min(0.1).max(10)).default(1.1),
  presencePenalty: finite().pipe(z.number().min(-5).max(5)).default(0),
  frequencyPenalty: finite().pipe(z.number().min(-5).max(5)).default(0),
  /** How many recent tokens the penalties look at; 0 = the whole context. */
  penaltyWindow: z.number().int().min(0).max(100_000).default(256),
  noRepeatNgram: z.number().int().min(0).max(16).default(0),
  /** null picks a fresh seed, which is then recorded in the recipe. */
  seed: z.number().int().min(0).max(4_294_967_295).nullable().default(null),
  stop: z.array(z.string().min(1).max(200)).max(16).default([]),
  /** Beam search when > 1 (deterministic; samplers other than penalties are not used). */
  beams: z.number().int().min(1).max(16).default(1),
  lengthPenalty: finite().pipe(z.number().min(-5).max(5)).default(1),
  samplerOrder: z.array(z.enum(SAMPLER_STAGES)).max(SAMPLER_STAGES.length).default([...SAMPLER_STAGES]),
});
export type TextSettings = z.output<typeof TextSettings>;
export type TextSettingsInput = z.input<typeof TextSettings>;

export type StopReason = 'eos' | 'max-tokens' | 'stop-string' | 'cancelled' | 'context-full';

export interface TokenAlternative {
  id: number;
  text: string;
  p: number;
}

/** One generated token with what else the model considered at that point. */
export interface GeneratedToken {
  id: number;
  text: string;
  p: number;
  top: TokenAlternative[];
}

export interface DeviceInfo {
  requested: string;
  used: string;
  /** Why the requested provider was not used, if it was not. */
  fallbackReason: string | null;
}

export interface TextRecipe {
  kind: 'text';
  model: { id: string; sha256: string | null; name: string };
  settings: TextSettings;
  /** The seed actually used (also when settings.seed was null). */
  seed: number;
  promptChars: number;
  promptTokens: number;
  device: DeviceInfo;
  alternative: number;
  engine: string;
  /** Per-document memory sent with the request (empty when none). */
  memory: string;
  /** Set when the version rewrote a selection: the instruction and the original text. */
  rewrite: { selection: string; instruction: string } | null;
  /**
   * How many tokens at the start of the prompt were left out to fit the model's context (absent
   * when none were); the model then read the last `promptTokens`.
   */
  truncatedPromptTokens?: number;
}

export interface TextResult {
  text: string;
  tokens: GeneratedToken[];
  stopReason: StopReason;
}

export const PROVIDERS = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export type ProviderChoice = (typeof PROVIDERS)[number];

/** Continue a text document at the cursor: the text before it is the prompt, after it is kept. */
export const GenerateTextRequest = z.strictObject({
  documentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a valid id'),
  /** The version being continued; defaults to the document's head. */
  parentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a valid id').nullable().default(null),
  prompt: z.string().max(5_000_000),
  suffix: z.string().max(5_000_000).default(''),
  model: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'not a valid model id').default('starter-text'),
  provider: z.enum(PROVIDERS).default('auto'),
  alternatives: z.number().int().min(1).max(8).default(1),
  settings: TextSettings.default(TextSettings.parse({})),
  /**
   * Instruct models: rewrite `selection` (which sits between prompt and suffix) following the
   * instruction, through the model's chat template. The result replaces the selection.
   */
  rewrite: z
    .strictObject({ selection: z.string().min(1).max(200_000), instruction: z.string().min(1).max(10_000) })
    .nullable()
    .default(null),
  /** Per-document instructions / memory placed before the text (or as the system message). */
  memory: z.string().max(100_000).default(''),
});
export type GenerateTextRequest = z.output<typeof GenerateTextRequest>;

/** An id a window makes for one request and remembers before sending it (see StartTextRequest). */
export const RequestRef = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a valid request id (16–64 of A-Za-z0-9_-)');

/**
 * generate.text's request: a continuation, and the id the window made for it. A window reloaded
 * before the answer (the job id) came finds the job by that id (generate.find); the same id sent
 * again answers the same job instead of starting another.
 */
export const StartTextRequest = GenerateTextRequest.extend({ ref: RequestRef.nullable().default(null) });

/** What the worker runs: the request plus what the host resolved (model folder, seed). */
export interface GenerateTextPayload {
  request: GenerateTextRequest;
  modelDir: string;
  seed: number;
  cacheKey: string;
  /** The providers to try, in order, as the host planned them (CPU last). */
  providerOrder?: string[];
}

export interface GeneratedRow extends TextResult {
  recipe: TextRecipe;
}

export interface GenerateTextJobResult {
  rows: GeneratedRow[];
  promptTokens: number;
  truncatedPromptTokens: number;
  reusedPrefixTokens: number;
}

/** What a finished generate-text job keeps as its result: one entry per row, in row order. */
export interface GenerateTextJobSummary {
  /**
   * Each row's saved version; null for a row stopped before its first token, which adds no
   * version (its text would equal the parent's). The job's payload and status record the attempt.
   */
  iterationIds: (string | null)[];
  promptTokens: number;
  truncatedPromptTokens: number;
  reusedPrefixTokens: number;
  rows: { text: string; stopReason: StopReason; tokenCount: number; recipe: TextRecipe }[];
}

/** What a running generation has streamed so far, by row (generate.streamed). */
export interface GenerateTextStreamed {
  rows: { text: string; tokens: number }[];
}

export interface TokensEvent {
  jobId: string;
  row: number;
  tokens: GeneratedToken[];
}

/** Token data kept with a generated version: where the new text starts, and each token. */
export interface IterationTokens {
  start: number;
  tokens: GeneratedToken[];
}
