// Verify resources/models/starter-text/onnx/model.onnx with onnxruntime-node
// against the PyTorch reference written by export_onnx.py.
//   node tools/text-model/verify_onnx.mjs [modelDir] [reference.json]
// Checks: (a) whole prompt with an empty past, (b) a prefix then one-token
// steps feeding present.* back as past_key_values.*, (c) both agree, (d) a
// left-padded batch gives the same logits for the real tokens as running the
// short prompt alone (attention_mask is honoured). Exits 1 on failure.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ort from "onnxruntime-node";

const here = path.dirname(fileURLToPath(import.meta.url));
const modelDir = process.argv[2] ?? path.join(here, "../../resources/models/starter-text");
const refPath = process.argv[3] ?? "/tmp/atelier-text/reference.json";
const ref = JSON.parse(fs.readFileSync(refPath, "utf8"));
const cfg = JSON.parse(fs.readFileSync(path.join(modelDir, "config.json"), "utf8"));
const L = cfg.n_layer, H = cfg.n_head, D = cfg.n_embd / cfg.n_head, V = cfg.vocab_size;
const TOL = 1e-4;

const session = await ort.InferenceSession.create(path.join(modelDir, "onnx/model.onnx"));
console.log("inputs:", session.inputNames.join(", "));
console.log("outputs:", session.outputNames.join(", "));

const i64 = (rows) => new ort.Tensor("int64", BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);
const emptyPast = (b) => {
  const feeds = {};
  for (let i = 0; i < L; i++) for (const kv of ["key", "value"])
    feeds[`past_key_values.${i}.${kv}`] = new ort.Tensor("float32", new Float32Array(0), [b, H, 0, D]);
  return feeds;
};

// Run one step. ids/mask/pos are arrays of rows; past is a feeds object.
async function step(ids, mask, pos, past) {
  const out = await session.run({ input_ids: i64(ids), attention_mask: i64(mask), position_ids: i64(pos), ...past });
  const next = {};
  for (let i = 0; i < L; i++) for (const kv of ["key", "value"])
    next[`past_key_values.${i}.${kv}`] = out[`present.${i}.${kv}`];
  return { logits: out.logits, past: next };
}
const rowLogits = (t, b, s) => { // logits tensor [B, S, V] -> row b, position s
  const S = t.dims[1];
  return t.data.subarray((b * S + s) * V, (b * S + s + 1) * V);
};
const maxDiff = (a, b) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; };

const ids = ref.prompt_ids, n = ids.length;
let ok = true;
const report = (name, d) => { const pass = d <= TOL; ok &&= pass; console.log(`${pass ? "PASS" : "FAIL"} ${name}: max |diff| = ${d.toExponential(3)}`); };

// (a) full prompt, empty past
const a = await step([ids], [ids.map(() => 1)], [ids.map((_, i) => i)], emptyPast(1));
if (a.logits.dims.join() !== [1, n, V].join()) throw new Error(`logits dims ${a.logits.dims}`);
let dA = 0;
for (let s = 0; s < n; s++) dA = Math.max(dA, maxDiff(rowLogits(a.logits, 0, s), ref.logits[s]));
report(`(a) ${n}-token prompt, empty past vs PyTorch`, dA);
const pk = a.past["past_key_values.0.key"];
console.log(`    present.0.key dims [${pk.dims}]`);

// (b) prefix of k tokens, then one token at a time with the cache
const k = 5;
let r = await step([ids.slice(0, k)], [Array(k).fill(1)], [[...Array(k).keys()]], emptyPast(1));
const cached = [];
for (let s = 0; s < k; s++) cached.push(Array.from(rowLogits(r.logits, 0, s)));
for (let s = k; s < n; s++) {
  r = await step([[ids[s]]], [Array(s + 1).fill(1)], [[s]], r.past);
  cached.push(Array.from(rowLogits(r.logits, 0, 0)));
}
let dB = 0, dAB = 0;
for (let s = 0; s < n; s++) {
  dB = Math.max(dB, maxDiff(cached[s], ref.logits[s]));
  dAB = Math.max(dAB, maxDiff(cached[s], rowLogits(a.logits, 0, s)));
}
report(`(b) ${k}-token prefix + ${n - k} cached one-token steps vs PyTorch`, dB);
report("(c) cached path vs full-prompt path", dAB);

// (d) left padding in a batch of two: row 1 = short prompt padded on the left
const short = ids.slice(0, 7), pad = n - short.length;
const rowIds = [ids, [...Array(pad).fill(0), ...short]];
const rowMask = [ids.map(() => 1), [...Array(pad).fill(0), ...short.map(() => 1)]];
const rowPos = [ids.map((_, i) => i), [...Array(pad).fill(1), ...short.map((_, i) => i)]];
const d = await step(rowIds, rowMask, rowPos, emptyPast(2));
const alone = await step([short], [short.map(() => 1)], [short.map((_, i) => i)], emptyPast(1));
let dD = 0, dD0 = 0;
for (let s = 0; s < short.length; s++) dD = Math.max(dD, maxDiff(rowLogits(d.logits, 1, pad + s), rowLogits(alone.logits, 0, s)));
for (let s = 0; s < n; s++) dD0 = Math.max(dD0, maxDiff(rowLogits(d.logits, 0, s), ref.logits[s]));
report("(d) left-padded row vs the same prompt alone", dD);
report("(d) unpadded row of the padded batch vs PyTorch", dD0);
// one cached step on the padded batch
const d2 = await step([[ids[0]], [ids[0]]], [[...rowMask[0], 1], [...rowMask[1], 1]], [[n], [short.length]], d.past);
const alone2 = await step([[ids[0]]], [[...short.map(() => 1), 1]], [[short.length]], alone.past);
report("(d) cached step on the padded row vs alone", maxDiff(rowLogits(d2.logits, 1, 0), rowLogits(alone2.logits, 0, 0)));

// greedy decode with the cache matches PyTorch greedy
let g = ref.greedy_prompt_ids.slice();
let st = await step([g], [g.map(() => 1)], [g.map((_, i) => i)], emptyPast(1));
const want = ref.greedy_ids.length;
while (g.length < want) {
  const last = rowLogits(st.logits, 0, st.logits.dims[1] - 1);
  let best = 0; for (let v = 1; v < V; v++) if (last[v] > last[best]) best = v;
  g.push(best);
  st = await step([[best]], [g.map(() => 1)], [[g.length - 1]], st.past);
}
const same = g.every((t, i) => t === ref.greedy_ids[i]);
ok &&= same;
console.log(`${same ? "PASS" : "FAIL"} greedy ${want - ref.greedy_prompt_ids.length} tokens with the cache equal PyTorch greedy`);
console.log(ok ? "ALL ONNX CHECKS PASSED" : "SOME ONNX CHECKS FAILED");
process.exit(ok ? 0 : 1);
