const FORMAT = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/**
 * An ISO 8601 instant shown in the reader's locale, keeping the exact value in
 * the markup and tooltip.
 */
export function Timestamp(props: { value: string }) {
  const { value } = props;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <>{value}</>;
  return (
    <time dateTime={value} title={value}>
      {FORMAT.format(date)}
    </time>
  );
}
