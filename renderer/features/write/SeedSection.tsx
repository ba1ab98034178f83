// The seed: random each run, or locked to a number (the same seed and settings write the same text).
import { Dices, Lock, LockOpen } from 'lucide-react';
import { useState } from 'react';
import { Button, IconButton } from '../../ui/Button';
import { Section } from './Section';
import { NumberInput } from './NumberField';
import type { SettingsPanelProps } from './settingsPanelProps';

export function SeedSection({ settings, onChange, lastRecipe, issues }: SettingsPanelProps) {
  const last = lastRecipe?.seed ?? null;
  // What is typed but not a number yet (empty, "-"): said here, as the other number fields do.
  const [draftIssue, setDraftIssue] = useState<string | null>(null);
  const issue = settings.seedLocked ? (draftIssue ?? issues.seed ?? null) : null;
  return (
    <Section title="Seed">
      <div className="field-row">
        <Button
          small
          variant={settings.seedLocked ? 'primary' : 'quiet'}
          icon={settings.seedLocked ? <Lock size={14} /> : <LockOpen size={14} />}
          aria-pressed={settings.seedLocked}
          data-testid="write-seed-lock"
          onClick={() => onChange({ ...settings, seedLocked: !settings.seedLocked })}
        >
          {settings.seedLocked ? 'Locked' : 'Random'}
        </Button>
        {settings.seedLocked && (
          <>
            <NumberInput
              label="Seed"
              value={settings.seedValue}
              onChange={(v) => onChange({ ...settings, seedValue: v })}
              onDraftIssue={setDraftIssue}
              min={0}
              max={4_294_967_295}
              step={1}
              testId="write-seed"
              invalid={!!issue}
              wide
            />
            <IconButton
              small
              label="New random seed"
              icon={<Dices size={14} />}
              onClick={() => onChange({ ...settings, seedValue: Math.floor(Math.random() * 4_294_967_295) })}
            />
          </>
        )}
      </div>
      {issue && <p className="field-issue" data-testid="write-seed-error">{issue}</p>}
      <p className="field-hint">
        {settings.seedLocked ? 'The same seed and settings write the same text.' : 'Each run picks a fresh seed; the recipe keeps it.'}
        {last !== null && (
          <>
            {' '}
            Last run: <span className="mono">{last}</span>
            {(!settings.seedLocked || settings.seedValue !== last) && (
              <>
                {' '}
                <button type="button" className="link-button" onClick={() => onChange({ ...settings, seedLocked: true, seedValue: last })}>
                  Lock it
                </button>
              </>
            )}
          </>
        )}
      </p>
    </Section>
  );
}
