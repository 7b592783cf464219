import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import { PluginSearchResponse } from '@idp-platform/backstage-plugin-idp-common';

/** One page of search results, paged on the server. */
export function SearchResultsTable(props: {
  result: PluginSearchResponse;
  onOpen: (name: string) => void;
  onPageChange: (page: number) => void;
  onPageSizeChange: (pageSize: number) => void;
}) {
  const { result } = props;
  return (
    <>
      <Table size="small" aria-label="Plugins found">
        <TableHead>
          <TableRow>
            <TableCell>Plugin</TableCell>
            <TableCell>Description</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>Author</TableCell>
            <TableCell>Latest</TableCell>
            <TableCell>Installed</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.items.map(item => (
            <TableRow key={`${item.registry}/${item.name}`}>
              <TableCell>
                <Button
                  color="primary"
                  style={{ textTransform: 'none' }}
                  onClick={() => props.onOpen(item.name)}
                >
                  {item.name}
                </Button>
              </TableCell>
              <TableCell>{item.description ?? ''}</TableCell>
              <TableCell>
                {item.role && <Chip size="small" label={item.role} />}
              </TableCell>
              <TableCell>{item.author ?? ''}</TableCell>
              <TableCell>{item.version}</TableCell>
              <TableCell>
                {item.installedVersion && (
                  <Chip
                    size="small"
                    color="primary"
                    label={`Installed ${item.installedVersion}`}
                  />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={result.total}
        page={result.page - 1}
        rowsPerPage={result.pageSize}
        rowsPerPageOptions={[10, 20, 50]}
        onPageChange={(_, page) => props.onPageChange(page + 1)}
        onRowsPerPageChange={event =>
          props.onPageSizeChange(Number(event.target.value))
        }
      />
    </>
  );
}
