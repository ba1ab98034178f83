// The layer rules are real lint errors: feed ESLint code that crosses a boundary and read its report.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('reports node and electron imports in shared/', async () => {
    expect(await restrictedImports('shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', "import { useState } from 'react';\nexport const u = useState;\n")).toHaveLength(1);
  });

  it('lets renderer/ import only renderer/, shared/ and packages', async () => {
    expect(await restrictedImports('renderer/x.ts', "import { createStore } from '../electron/store';\nexport const s = createStore;\n")).toContain(
      "'../electron/store' import is restricted from being used by a pattern. renderer/ imports only renderer/ and shared/.",
    );
    expect(await restrictedImports('renderer/x.ts', "import { join } from 'node:path';\nexport const j = join;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/features/x.ts', "import { contract } from '../../shared/contract';\nimport { useState } from 'react';\nexport const c = [contract, useState];\n")).toEqual([]);
  });

  it('lets only electron/main and electron/preload import electron', async () => {
    const code = "import { app } from 'electron';\nexport const a = app;\n";
    expect(await restrictedImports('electron/host/x.ts', code)).toHaveLength(1);
    expect(await restrictedImports('electron/store/x.ts', code)).toHaveLength(1);
    expect(await restrictedImports('electron/main/x.ts', code)).toEqual([]);
    expect(await restrictedImports('electron/preload/x.ts', code)).toEqual([]);
  });

  it('keeps native modules inside engine, store and models', async () => {
    const code = "import Database from 'better-sqlite3';\nexport const d = Database;\n";
    expect(await restrictedImports('electron/host/x.ts', code)).toHaveLength(1);
    expect(await restrictedImports('electron/main/x.ts', code)).toHaveLength(1);
    expect(await restrictedImports('electron/store/x.ts', code)).toEqual([]);
  });
});
