import { SecurityExportFile } from '../../api';

/** Saves a fetched file through a temporary object URL, as a link click would. */
export function downloadFile(file: SecurityExportFile) {
  const url = URL.createObjectURL(file.content);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
