/** A port as the form writes it: `8080/HTTP`, the protocol defaulting to HTTP. */
export interface PortEntry {
  port: number | string;
  protocol?: string;
}

/** `8080/HTTP, 5432/TCP` from a port list. */
export function formatPorts(ports: PortEntry[] | undefined): string {
  return (ports ?? [])
    .map(p => (p.protocol ? `${p.port}/${p.protocol}` : `${p.port}`))
    .join(', ');
}

/**
 * A port list from `8080/HTTP, 5432/TCP`. A part that is not a number stays
 * as written, so the backend's validation names it at its line.
 */
export function parsePorts(text: string): PortEntry[] {
  return text
    .split(',')
    .map(part => part.trim())
    .filter(Boolean)
    .map(part => {
      const match = /^(\d+)(?:\/([A-Za-z0-9]+))?$/.exec(part);
      if (!match) return { port: part };
      return {
        port: Number(match[1]),
        protocol: (match[2] ?? 'HTTP').toUpperCase(),
      };
    });
}

/** `a, b` from a list, and back; empty text is no list. */
export const formatList = (values: string[] | undefined) =>
  (values ?? []).join(', ');

export const parseList = (text: string): string[] | undefined => {
  const values = text
    .split(',')
    .map(part => part.trim())
    .filter(Boolean);
  return values.length ? values : undefined;
};
