/**
 * Deactivate (after the person confirms what it stops) or reactivate one row's platform or
 * tenant; the button names the row for screen readers.
 */
export function ActivationButton(props: {
  name: string;
  isActive: boolean;
  /** What deactivation stops, in words, asked before it happens. */
  consequence: string;
  deactivate: () => void;
  reactivate: () => void;
}) {
  if (props.isActive)
    return (
      <button
        type="button"
        className="danger"
        aria-label={`Deactivate ${props.name}`}
        onClick={() => {
          if (confirm(`Deactivate ${props.name}? ${props.consequence}`)) props.deactivate();
        }}
      >
        Deactivate
      </button>
    );
  return (
    <button type="button" className="secondary" aria-label={`Reactivate ${props.name}`} onClick={props.reactivate}>
      Reactivate
    </button>
  );
}
