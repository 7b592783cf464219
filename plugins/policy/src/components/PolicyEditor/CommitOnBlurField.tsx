import TextField, { TextFieldProps } from '@material-ui/core/TextField';
import { useState } from 'react';

let fieldCount = 0;

/** Props of {@link CommitOnBlurField}. */
export type CommitOnBlurFieldProps = Omit<
  TextFieldProps,
  'value' | 'onChange' | 'onBlur'
> & {
  value: string;
  onCommit: (value: string) => void;
};

/**
 * A text field that hands its text over when it loses focus, so a list
 * typed as `8080/HTTP, 9090` is not reformatted under the cursor. While it
 * is not being edited it shows the value it is given.
 */
export function CommitOnBlurField(props: CommitOnBlurFieldProps) {
  const { value, onCommit, id, ...rest } = props;
  const [draft, setDraft] = useState<string>();
  // The label names the input only through an id.
  const [fallbackId] = useState(() => `policy-field-${(fieldCount += 1)}`);
  return (
    <TextField
      {...rest}
      id={id ?? fallbackId}
      value={draft ?? value}
      onChange={event => setDraft(event.target.value)}
      onBlur={() => {
        if (draft !== undefined && draft !== value) onCommit(draft);
        setDraft(undefined);
      }}
    />
  );
}
