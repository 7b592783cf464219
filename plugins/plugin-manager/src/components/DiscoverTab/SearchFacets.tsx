import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  PluginSearchFacetValue,
  PluginSearchResponse,
} from '@idp-platform/backstage-plugin-idp-common';

/** The facets a search can be narrowed by. */
export type FacetSelection = {
  role?: string;
  author?: string;
  keyword?: string;
  kind?: string;
};

const FACETS: { key: keyof FacetSelection; label: string }[] = [
  { key: 'kind', label: 'Backend or frontend' },
  { key: 'role', label: 'Role' },
  { key: 'author', label: 'Author' },
  { key: 'keyword', label: 'Keyword' },
];

function options(
  values: PluginSearchFacetValue[],
  selected: string | undefined,
): PluginSearchFacetValue[] {
  // The chosen value stays listed even when the counts no longer include it.
  if (!selected || values.some(v => v.value === selected)) return values;
  return [{ value: selected, count: 0 }, ...values];
}

/** One drop-down per facet, each value with how many matches have it. */
export function SearchFacets(props: {
  facets: PluginSearchResponse['facets'] | undefined;
  selection: FacetSelection;
  onChange: (selection: FacetSelection) => void;
}) {
  const { facets, selection } = props;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
      {FACETS.map(({ key, label }) => (
        <TextField
          key={key}
          select
          id={`plugin-search-facet-${key}`}
          label={label}
          value={selection[key] ?? ''}
          onChange={event =>
            props.onChange({
              ...selection,
              [key]: event.target.value || undefined,
            })
          }
          style={{ minWidth: 180 }}
        >
          <MenuItem value="">Any</MenuItem>
          {options(facets?.[key] ?? [], selection[key]).map(v => (
            <MenuItem key={v.value} value={v.value}>
              {v.value} ({v.count})
            </MenuItem>
          ))}
        </TextField>
      ))}
    </Box>
  );
}
