// A large, deterministic history for search tests and the history benchmark: projects with text
// documents and image boards, one big document, mixed text/image recipes with varied settings,
// branching DAGs, notes, tags, stars and some trashed versions — inserted with plain SQL in one
// transaction (the search triggers fill the index as they would for real versions).
import { createHash } from 'node:crypto';
import type { Store } from '../../electron/store';

export interface SeedOptions {
  iterations: number;
  /** Versions in the one big text document (opened by the benchmark). */
  bigDocument: number;
  /** Versions per other document. */
  perDocument?: number;
  seed?: number;
}

export interface SeededIteration {
  id: string;
  documentId: string;
  kind: 'text' | 'image';
  text: string | null;
  prompt: string | null;
  model: string;
  seed: number;
  temperature: number | null;
  cfg: number | null;
  steps: number | null;
  scheduler: string | null;
  starred: boolean;
  tags: string[];
  note: string | null;
  trashed: boolean;
  createdAt: number;
}

export interface SeededHistory {
  iterations: SeededIteration[];
  bigDocumentId: string;
  words: string[];
  ms: number;
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sto', 'va', 'ther', 'qui', 'zan', 'pol', 'ed', 'ur', 'ni', 'bes', 'gor', 'ta'];
const TEXT_MODELS = ['tiny-gpt2', 'tiny-llama', 'starter-text'];
const IMAGE_MODELS = ['tiny-sd', 'starter-gan', 'sd-turbo'];
const SCHEDULERS = ['euler', 'euler-a', 'ddim', 'lcm', 'dpmpp-2m-karras'];
const TAGS = ['keeper', 'draft', 'favourite', 'review', 'portfolio'];

export function seedHistory(store: Store, opts: SeedOptions): SeededHistory {
  const started = performance.now();
  const rand = rng(opts.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const words = Array.from({ length: 3000 }, (_, i) => {
    let w = '';
    for (let n = i, k = 0; k < 3; k++, n = Math.floor(n / 16) + k * 7) w += SYLLABLES[n % 16];
    return `${w}${i}`;
  });
  // Zipf-ish: low word indexes are common, high ones rare.
  const word = () => words[Math.floor(words.length * rand() ** 3)]!;
  const sentence = (n: number) => Array.from({ length: n }, word).join(' ');

  const db = store.db;
  const out: SeededIteration[] = [];
  const insProject = db.prepare('INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const insDoc = db.prepare('INSERT INTO documents (id, project_id, kind, title, head_iteration_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insArtifact = db.prepare(`INSERT OR IGNORE INTO artifacts (id, storage, mime, size, text, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const insIt = db.prepare(
    `INSERT INTO iterations (id, document_id, kind, source, status, recipe_json, artifact_id, created_at, deleted_at, starred, note)
     VALUES (?, ?, ?, ?, 'ok', ?, ?, ?, ?, ?, ?)`,
  );
  const insEdge = db.prepare('INSERT OR IGNORE INTO iteration_edges (parent_id, child_id) VALUES (?, ?)');
  const insTag = db.prepare('INSERT INTO iteration_tags (iteration_id, tag) VALUES (?, ?)');
  const setHead = db.prepare('UPDATE documents SET head_iteration_id = ? WHERE id = ?');

  const per = opts.perDocument ?? 200;
  const t0 = Date.UTC(2025, 0, 1);
  let bigDocumentId = '';
  db.transaction(() => {
    let made = 0;
    let docNo = 0;
    let projectId = '';
    while (made < opts.iterations) {
      if (docNo % 20 === 0) {
        projectId = `seed-p${docNo / 20}`;
        insProject.run(projectId, `Seeded project ${docNo / 20}`, t0, t0);
      }
      const big = docNo === 0;
      const kind: 'text' | 'image' = big || docNo % 2 === 1 ? 'text' : 'image';
      const docId = `seed-d${docNo}`;
      if (big) bigDocumentId = docId;
      insDoc.run(docId, projectId, kind, `${kind === 'text' ? 'Chapter' : 'Board'} ${docNo}`, null, t0, t0);
      const count = Math.min(big ? opts.bigDocument : per, opts.iterations - made);
      const ids: string[] = [];
      for (let k = 0; k < count; k++) {
        const id = `seed-i${made}`;
        const createdAt = t0 + made * 60_000;
        const model = pick(kind === 'text' ? TEXT_MODELS : IMAGE_MODELS);
        const seed = Math.floor(rand() * 1000);
        const starred = rand() < 0.05;
        const note = rand() < 0.02 ? `note ${sentence(4)}` : null;
        const tags = rand() < 0.03 ? [pick(TAGS)] : [];
        const trashed = rand() < 0.01;
        let text: string | null = null;
        let prompt: string | null = null;
        let recipe: unknown;
        let artifactId: string;
        const it: SeededIteration = { id, documentId: docId, kind, text, prompt, model, seed, temperature: null, cfg: null, steps: null, scheduler: null, starred, tags, note, trashed, createdAt };
        if (kind === 'text') {
          text = `${sentence(12)}\n${sentence(10)}`;
          const temperature = Math.round(rand() * 15) / 10;
          recipe = {
            kind: 'text',
            model: { id: model, sha256: 'ab'.repeat(32), name: model },
            settings: { maxNewTokens: 64, temperature, topK: 40, topP: pick([0.9, 0.95, 1]), minP: 0.05, typicalP: 1, repetitionPenalty: 1.1, seed: null, beams: 1 },
            seed,
            promptChars: 40,
            promptTokens: 12,
            device: { requested: 'auto', used: 'cpu', fallbackReason: null },
            alternative: 0,
            engine: 'atelier-onnx-text/1',
          };
          artifactId = createHash('sha256').update(text).digest('hex');
          insArtifact.run(artifactId, 'inline', 'text/plain', text.length, text, createdAt);
          Object.assign(it, { text, temperature });
        } else {
          prompt = sentence(8);
          const cfg = Math.round(rand() * 30) / 2;
          const steps = 1 + Math.floor(rand() * 50);
          const scheduler = pick(SCHEDULERS);
          recipe = {
            kind: 'image',
            model: { id: model, sha256: 'cd'.repeat(32), name: model, kind: 'diffusion' },
            settings: { prompt, negativePrompt: 'blurry', steps, cfg, scheduler, width: 512, height: 512, seed: null, variationSeed: null, variationStrength: 0, strength: 0.6 },
            seed,
            batchIndex: 0,
            width: 512,
            height: 512,
            device: { requested: 'auto', used: 'cpu', fallbackReason: null },
            initIterationId: null,
            engine: 'atelier-onnx-image/1',
          };
          artifactId = createHash('sha256').update(id).digest('hex');
          insArtifact.run(artifactId, 'file', 'image/png', 1000, null, createdAt);
          Object.assign(it, { prompt, cfg, steps, scheduler });
        }
        insIt.run(id, docId, kind, k === 0 ? 'user' : 'model', JSON.stringify(recipe), artifactId, createdAt, trashed ? createdAt : null, starred ? 1 : 0, note);
        for (const tag of tags) insTag.run(id, tag);
        if (ids.length) {
          // Mostly continue a recent version; sometimes branch from an older one, sometimes merge.
          const parent = rand() < 0.8 ? ids[ids.length - 1 - Math.floor(rand() * Math.min(3, ids.length))]! : pick(ids);
          insEdge.run(parent, id);
          if (rand() < 0.02) insEdge.run(pick(ids), id);
        }
        ids.push(id);
        out.push(it);
        made++;
      }
      if (ids.length) setHead.run(ids[ids.length - 1], docId);
      docNo++;
    }
  })();
  return { iterations: out, bigDocumentId, words, ms: performance.now() - started };
}
