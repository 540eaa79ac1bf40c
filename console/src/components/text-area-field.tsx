import { useId, type ReactNode, type TextareaHTMLAttributes } from "react";

/** A labelled multi-line input, for lists (one item a line) and JSON values. */
export function TextAreaField(
  props: { label: string; hint?: ReactNode } & TextareaHTMLAttributes<HTMLTextAreaElement>,
) {
  const { label, hint, ...textarea } = props;
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...textarea} />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}
