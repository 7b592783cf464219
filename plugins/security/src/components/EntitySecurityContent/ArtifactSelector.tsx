import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { SecurityReport } from '@idp-platform/backstage-plugin-idp-common';

/** One scanned artifact of an entity, from its reports. */
export interface ScannedArtifact {
  digest: string;
  lastReportAt: string;
  scanners: string[];
}

/** The entity's artifacts, newest report first, from its stored reports. */
export function artifactsOf(reports: SecurityReport[]): ScannedArtifact[] {
  const byDigest = new Map<string, ScannedArtifact>();
  for (const report of reports) {
    const artifact = byDigest.get(report.artifactDigest) ?? {
      digest: report.artifactDigest,
      lastReportAt: report.receivedAt,
      scanners: [],
    };
    if (report.receivedAt > artifact.lastReportAt) {
      artifact.lastReportAt = report.receivedAt;
    }
    artifact.scanners = [
      ...new Set([...artifact.scanners, ...report.scanners]),
    ];
    byDigest.set(report.artifactDigest, artifact);
  }
  return [...byDigest.values()].sort((a, b) =>
    b.lastReportAt.localeCompare(a.lastReportAt),
  );
}

const shortDigest = (digest: string) => {
  const [algorithm, hex] = digest.split(':');
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : digest;
};

/** Picks the artifact whose findings, counts and supply chain are shown. */
export function ArtifactSelector(props: {
  artifacts: ScannedArtifact[];
  value: string;
  onChange: (digest: string) => void;
}) {
  return (
    <TextField
      select
      id="security-artifact"
      label="Artifact"
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      style={{ minWidth: 360 }}
    >
      {props.artifacts.map(artifact => (
        <MenuItem key={artifact.digest} value={artifact.digest}>
          {shortDigest(artifact.digest)} ·{' '}
          {new Date(artifact.lastReportAt).toLocaleString()} ·{' '}
          {artifact.scanners.join(', ')}
        </MenuItem>
      ))}
    </TextField>
  );
}
