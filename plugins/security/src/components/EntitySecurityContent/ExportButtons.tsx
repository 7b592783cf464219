import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Alert from '@material-ui/lab/Alert';
import { securityReadPermission } from '@idp-platform/backstage-plugin-idp-common';
import { describeBackendError } from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import { SecurityExportFormat, securityApiRef } from '../../api';
import { downloadFile } from './downloadFile';

const FORMATS: SecurityExportFormat[] = ['csv', 'json'];

/** "Export CSV" and "Export JSON": the compliance export of the entity's findings. */
export function ExportButtons(props: { entityRef: string }) {
  const api = useApi(securityApiRef);
  const [exporting, setExporting] = useState<SecurityExportFormat>();
  const [error, setError] = useState<string>();

  const exportAs = async (format: SecurityExportFormat) => {
    setExporting(format);
    setError(undefined);
    try {
      downloadFile(await api.exportFindings(props.entityRef, format));
    } catch (exportError) {
      setError(
        describeBackendError(exportError as Error, {
          permission: securityReadPermission,
        }),
      );
    } finally {
      setExporting(undefined);
    }
  };

  return (
    <Box>
      <Box display="flex" style={{ gap: 8 }}>
        {FORMATS.map(format => (
          <Button
            key={format}
            variant="outlined"
            disabled={exporting !== undefined}
            onClick={() => exportAs(format)}
            startIcon={
              exporting === format ? (
                <CircularProgress
                  size={16}
                  aria-label={`Exporting ${format.toUpperCase()}`}
                />
              ) : undefined
            }
          >
            Export {format.toUpperCase()}
          </Button>
        ))}
      </Box>
      {error && (
        <Box mt={1}>
          <Alert severity="error" onClose={() => setError(undefined)}>
            Export failed: {error}
          </Alert>
        </Box>
      )}
    </Box>
  );
}
