// Runtime settings, kept in the meta table (no schema change): the global execution provider,
// each model's override, and the memory budget of loaded models. Unset means the default.
import type { ProviderChoice } from '../../shared/contract/generate';
import type { Db } from './connection';

const PROVIDER = 'setting:provider';
const BUDGET = 'setting:memory-budget-bytes';
const modelKey = (id: string) => `model-provider:${id}`;

export class SettingsRepo {
  constructor(private readonly db: Db) {}

  private read(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  private write(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  provider(): ProviderChoice {
    return (this.read(PROVIDER) as ProviderChoice | null) ?? 'auto';
  }

  setProvider(p: ProviderChoice): void {
    this.write(PROVIDER, p === 'auto' ? null : p);
  }

  /** The budget the user set, or null for the default. */
  budgetBytes(): number | null {
    const v = this.read(BUDGET);
    return v === null ? null : Number(v);
  }

  setBudgetBytes(bytes: number | null): void {
    this.write(BUDGET, bytes === null ? null : String(bytes));
  }

  modelProvider(id: string): ProviderChoice {
    return (this.read(modelKey(id)) as ProviderChoice | null) ?? 'auto';
  }

  setModelProvider(id: string, p: ProviderChoice): void {
    this.write(modelKey(id), p === 'auto' ? null : p);
  }
}
