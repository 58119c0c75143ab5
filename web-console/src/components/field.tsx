import type { ReactNode } from 'react';

/** A labelled form control with its error (or help) underneath, linked for screen readers. */
export function Field({
  label, htmlFor, error, help, required, children, className,
}: { label: ReactNode; htmlFor: string; error?: string | undefined; help?: ReactNode; required?: boolean; children: ReactNode; className?: string }) {
  return (
    <div className={`field ${error ? 'field-has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={htmlFor} className="field-label">
        {label}
        {required ? <span className="field-required" aria-hidden="true"> *</span> : null}
      </label>
      {children}
      {error ? (
        <div className="field-error" id={`${htmlFor}-error`} role="alert">
          {error}
        </div>
      ) : help ? (
        <div className="field-help" id={`${htmlFor}-help`}>
          {help}
        </div>
      ) : null}
    </div>
  );
}

/** A group of chips (radio buttons or checkboxes) named by a visible label. */
export function ChipField({
  label, id, error, required, children,
}: { label: ReactNode; id: string; error?: string | undefined; required?: boolean; children: ReactNode }) {
  return (
    <div className={`field ${error ? 'field-has-error' : ''}`}>
      <span className="field-label" id={`${id}-label`}>
        {label}
        {required ? <span className="field-required" aria-hidden="true"> *</span> : null}
      </span>
      {children}
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** aria props for a control whose Field shows `error`. */
export const ariaFor = (id: string, error?: string, help?: boolean) => ({
  id,
  'aria-invalid': error ? true : undefined,
  'aria-describedby': error ? `${id}-error` : help ? `${id}-help` : undefined,
});
