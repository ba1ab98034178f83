// Verify resources/models/starter-text/tokenizer.json with @huggingface/tokenizers:
// encode -> decode round-trips exactly, and ids equal the Python tokenizer's.
//   node tools/text-model/verify_tokenizer.mjs [modelDir] [reference.json]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Tokenizer } from "@huggingface/tokenizers";

const here = path.dirname(fileURLToPath(import.meta.url));
const modelDir = process.argv[2] ?? path.join(here, "../../resources/models/starter-text");
const refPath = process.argv[3] ?? "/tmp/atelier-text/reference.json";
const ref = JSON.parse(fs.readFileSync(refPath, "utf8"));
const tj = JSON.parse(fs.readFileSync(path.join(modelDir, "tokenizer.json"), "utf8"));
const tc = JSON.parse(fs.readFileSync(path.join(modelDir, "tokenizer_config.json"), "utf8"));
const tok = new Tokenizer(tj, tc);

let ok = true;
for (const { text, ids } of ref.tokenizer_tests) {
  const enc = tok.encode(text).ids;
  const dec = enc.length ? tok.decode(enc, { skip_special_tokens: false }) : "";
  const round = dec === text;
  const same = ids === null || (enc.length === ids.length && enc.every((v, i) => v === ids[i]));
  ok &&= round && same;
  console.log(`${round && same ? "PASS" : "FAIL"} ${JSON.stringify(text).slice(0, 60)}: ${enc.length} tokens, round-trip ${round}, ids ${ids === null ? "(no python ref)" : same ? "== python" : "!= python " + JSON.stringify(ids) + " vs " + JSON.stringify(enc)}`);
}
const eot = tok.encode("<|endoftext|>").ids;
const eotOk = eot.length === 1 && eot[0] === tj.added_tokens[0].id;
ok &&= eotOk;
console.log(`${eotOk ? "PASS" : "FAIL"} <|endoftext|> is the single special id ${eot}`);
console.log(ok ? "ALL TOKENIZER CHECKS PASSED" : "SOME TOKENIZER CHECKS FAILED");
process.exit(ok ? 0 : 1);
