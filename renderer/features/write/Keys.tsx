// The keys of a button's shortcut, shown on the button (hidden from screen readers: the title says them).

export function Keys({ keys }: { keys: string[] }) {
  return (
    <span className="btn-keys" aria-hidden>
      {keys.map((k) => (
        <kbd key={k}>{k}</kbd>
      ))}
    </span>
  );
}
