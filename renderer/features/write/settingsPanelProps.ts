// What the writing settings panel and its sections are given.
import type { ModelInfo, SystemStatus, TextRecipe } from '../../../shared/contract';
import type { Preset, WriteSettings } from './settings';

export interface SettingsPanelProps {
  settings: WriteSettings;
  onChange(next: WriteSettings): void;
  /** The model the next run uses (the stored choice, or the default). */
  model: string | null;
  models: ModelInfo[] | null;
  modelsError: string | null;
  status: SystemStatus | null;
  /** The newest generated version's recipe for this model: its device and seed. */
  lastRecipe: TextRecipe | null;
  issues: Record<string, string>;
  userPresets: Preset[];
  onUserPresets(next: Preset[]): void;
}
