// The pieces of the model library that need no process: the ONNX header reader, ids, quantisation
// guesses, the fit verdict and tokenizer sizes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../electron/engine/runtime/onnx-graph';
import { isInside, quantisationOf } from '../../electron/models/inspect';
import { globToRegExp, selectFiles } from '../../electron/models/hub';
import { slugify } from '../../electron/models/library';
import { OnnxHeaderError, defaultOpset, readOnnxHeader } from '../../electron/models/onnx-header';
import { fitVerdict, tokenizerVocabSize } from '../../electron/models/preflight-checks';
import { tempDir } from '../support/tmp';

const t = tempDir();
afterAll(() => t.cleanup());

function model(opset = 17): Uint8Array {
  const g = new GraphBuilder('g');
  g.input('x', [1, 4]);
  g.output('y', [1, 4]);
  g.init('w', [4, 4], new Float32Array(16).fill(0.5));
  g.op('MatMul', ['x', 'w'], undefined, 'y');
  return g.toBytes(opset, 'unit-test');
}

let n = 0;
function file(bytes: Uint8Array | string): string {
  const path = join(t.dir, `f${++n}.onnx`);
  writeFileSync(path, bytes);
  return path;
}

describe('readOnnxHeader', () => {
  it('reads IR version, producer and opsets without loading the graph', () => {
    const bytes = model(21);
    const h = readOnnxHeader(file(bytes));
    expect(h).toEqual({ irVersion: 8, producer: 'unit-test', opsets: [{ domain: '', version: 21 }], sizeBytes: bytes.length });
    expect(defaultOpset(h)).toBe(21);
  });

  it('tells empty, truncated, random and non-model protobuf files apart', () => {
    const bytes = model();
    const err = (b: Uint8Array | string) => {
      try {
        readOnnxHeader(file(b));
      } catch (e) {
        expect(e).toBeInstanceOf(OnnxHeaderError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err('')).toBe('it is empty (0 bytes)');
    for (const cut of [3, 40, bytes.length - 5]) expect(err(bytes.subarray(0, cut))).toMatch(/^it is truncated: /);
    expect(err('{"not": "onnx"}')).toBe('it is not an ONNX model (it does not start like one)');
    expect(err(Uint8Array.from([0xff, 0xff, 0xff]))).toMatch(/^it is not an ONNX model/);
    // A valid protobuf message of another type (a TensorProto) is not a model.
    const tensor = onnx.TensorProto.encode({ name: 'w', dims: [2], dataType: 1, floatData: [1, 2] }).finish();
    expect(err(tensor)).toMatch(/^it is not an ONNX model|^it has no graph/);
    // A model header without its graph (only the first fields were saved).
    const headerOnly = onnx.ModelProto.encode({ irVersion: 8, producerName: 'x', opsetImport: [{ domain: '', version: 17 }] }).finish();
    expect(err(headerOnly)).toMatch(/^it has no graph/);
  });
});

describe('library helpers', () => {
  it('makes stable slug ids from names', () => {
    expect(slugify('Tiny GPT-2')).toBe('tiny-gpt-2');
    expect(slugify('  Ça va / Llama 3.2 (1B) Instruct ')).toBe('ca-va-llama-3-2-1b-instruct');
    expect(slugify('日本語')).toBe('model');
    expect(slugify('x'.repeat(100))).toHaveLength(48);
  });

  it('guesses the quantisation from file names', () => {
    expect(['model.onnx', 'model_quantized.onnx', 'model_int8.onnx', 'model_uint8.onnx', 'model_q4.onnx', 'model_q4f16.onnx', 'model_fp16.onnx', 'model_bnb4.onnx', 'decoder_model_merged.onnx'].map(quantisationOf)).toEqual([
      'fp32',
      'int8',
      'int8',
      'uint8',
      'q4',
      'q4f16',
      'fp16',
      'bnb4',
      'fp32',
    ]);
  });

  it('says fits / may be slow / won\'t fit from the estimate and the machine', () => {
    const gib = 2 ** 30;
    expect(fitVerdict(1 * gib, 8 * gib, 16 * gib)).toBe('fits');
    expect(fitVerdict(7 * gib, 8 * gib, 16 * gib)).toBe('may-be-slow');
    expect(fitVerdict(15 * gib, 8 * gib, 16 * gib)).toBe('wont-fit');
  });

  it('counts a tokenizer.json vocabulary (BPE map, Unigram list, added tokens)', () => {
    expect(tokenizerVocabSize({ model: { vocab: { a: 0, b: 1, c: 2 } }, added_tokens: [{ id: 9, content: '<x>' }] })).toBe(10);
    expect(tokenizerVocabSize({ model: { vocab: [['a', 0], ['b', -1]] } })).toBe(2);
    expect(tokenizerVocabSize({ model: {} })).toBeNull();
  });

  it('knows what is inside a folder', () => {
    expect(isInside('/a/b/c', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/bc', '/a/b')).toBe(false);
    expect(isInside('/a', '/a/b')).toBe(false);
  });

  it('selects Hub files by glob, and skips other frameworks\' weights in ONNX repos', () => {
    const f = (path: string) => ({ path, size: 1, sha256: null, blobId: null });
    const files = ['config.json', 'onnx/model.onnx', 'onnx/model_q4.onnx', 'onnx/sub/x.json', 'model.safetensors', 'pytorch_model.bin', '.gitattributes', 'README.md'].map(f);
    const paths = (include: string[]) => selectFiles(files, include).map((x) => x.path);
    expect(paths([])).toEqual(['config.json', 'onnx/model.onnx', 'onnx/model_q4.onnx', 'onnx/sub/x.json', 'README.md']);
    expect(paths(['*.json', 'onnx/model_q4.onnx'])).toEqual(['config.json', 'onnx/model_q4.onnx']);
    expect(paths(['**/*.json'])).toEqual(['config.json', 'onnx/sub/x.json']);
    expect(paths(['onnx/*'])).toEqual(['onnx/model.onnx', 'onnx/model_q4.onnx']);
    expect(globToRegExp('model?.onnx').test('model1.onnx')).toBe(true);
    expect(selectFiles([f('model.safetensors')], []).map((x) => x.path)).toEqual(['model.safetensors']);
  });
});

