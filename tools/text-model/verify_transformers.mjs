// Optional check: @huggingface/transformers (transformers.js) loads the
// exported folder offline as a generic GPT-2 and its greedy generation equals
// the PyTorch greedy decode written by export_onnx.py.
//   node tools/text-model/verify_transformers.mjs [modelDir] [reference.json]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { env, AutoTokenizer, AutoModelForCausalLM } from "@huggingface/transformers";

const here = path.dirname(fileURLToPath(import.meta.url));
const modelDir = path.resolve(process.argv[2] ?? path.join(here, "../../resources/models/starter-text"));
const refPath = process.argv[3] ?? "/tmp/atelier-text/reference.json";
const ref = JSON.parse(fs.readFileSync(refPath, "utf8"));

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = path.dirname(modelDir) + path.sep;
const id = path.basename(modelDir);

const tokenizer = await AutoTokenizer.from_pretrained(id);
const model = await AutoModelForCausalLM.from_pretrained(id, { dtype: "fp32", device: "cpu" });
const inputs = tokenizer(ref.greedy_prompt);
const promptIds = Array.from(inputs.input_ids.data, Number);
const promptOk = promptIds.join() === ref.greedy_prompt_ids.join();
const nNew = ref.greedy_ids.length - ref.greedy_prompt_ids.length;
const out = await model.generate({
  ...inputs, max_new_tokens: nNew, min_new_tokens: nNew, do_sample: false, repetition_penalty: 1.0,
});
const got = Array.from(out.data ?? out[0].data ?? out, Number);
const same = got.join() === ref.greedy_ids.join();
console.log(`${promptOk ? "PASS" : "FAIL"} transformers.js tokenizer ids for the prompt equal Python's`);
console.log(`${same ? "PASS" : "FAIL"} transformers.js greedy ${nNew} tokens equal PyTorch greedy`);
console.log("transformers.js:", JSON.stringify(tokenizer.decode(got)));
if (!same) console.log("pytorch:        ", JSON.stringify(ref.greedy_text));
process.exit(promptOk && same ? 0 : 1);
