export interface ScopeOption<Scope extends string> {
  value: Scope;
  label: string;
}

/** The scopes of a new key, chosen by checkbox; the form needs at least one. */
export function ScopeChoice<Scope extends string>(props: {
  legend: string;
  options: ScopeOption<Scope>[];
  chosen: Scope[];
  onChange: (chosen: Scope[]) => void;
}) {
  const { chosen, onChange } = props;
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map((scope) => (
        <label key={scope.value} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(scope.value)}
            onChange={(event) =>
              onChange(
                event.target.checked ? [...chosen, scope.value] : chosen.filter((value) => value !== scope.value),
              )
            }
          />{" "}
          {scope.label}
        </label>
      ))}
    </fieldset>
  );
}
