// What a preflight or verify found: each problem or warning with the file it is about. The host's
// messages usually name the file already; the file is added only when they do not.
import { CircleX, TriangleAlert } from 'lucide-react';
import type { PreflightProblem } from '../../../shared/contract';

interface ProblemListProps {
  problems: PreflightProblem[];
  tone: 'problem' | 'warning';
  testId?: string;
}

export function ProblemList({ problems, tone, testId }: ProblemListProps) {
  if (problems.length === 0) return null;
  return (
    <ul className={`problem-list problem-list-${tone}`} data-testid={testId}>
      {problems.map((p, i) => (
        <li key={i} className="problem">
          {tone === 'problem' ? <CircleX size={14} aria-hidden /> : <TriangleAlert size={14} aria-hidden />}
          <span>
            <span className="visually-hidden">{tone === 'problem' ? 'Problem: ' : 'Warning: '}</span>
            {p.file && !p.message.includes(p.file) && <span className="mono problem-file">{p.file}: </span>}
            {p.message}
          </span>
        </li>
      ))}
    </ul>
  );
}
