// The one button. Variants keep a single accent: primary for the main action of a view, danger
// for destructive confirms, quiet for everything else.
import type { ButtonHTMLAttributes, ReactNode } from 'react';

type Variant = 'primary' | 'quiet' | 'danger' | 'ghost';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  icon?: ReactNode;
  small?: boolean;
}

export function Button({ variant = 'quiet', icon, small, className, children, type = 'button', ...rest }: ButtonProps) {
  const classes = ['btn', `btn-${variant}`, small ? 'btn-small' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type={type} className={classes} {...rest}>
      {icon}
      {children !== undefined && <span>{children}</span>}
    </button>
  );
}

/** A square icon-only button; the label is required because it is the accessible name. */
export function IconButton({ label, icon, className, ...rest }: Omit<ButtonProps, 'children'> & { label: string }) {
  return (
    <Button
      {...rest}
      className={['btn-icon', className ?? ''].join(' ')}
      aria-label={label}
      title={label}
      icon={icon}
    />
  );
}
