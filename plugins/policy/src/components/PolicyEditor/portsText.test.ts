import { formatPorts, parseList, parsePorts } from './portsText';

describe('ports as text', () => {
  it('reads ports with protocols, HTTP by default, and writes them back', () => {
    const ports = parsePorts('8080/http, 5432/TCP,9090');
    expect(ports).toEqual([
      { port: 8080, protocol: 'HTTP' },
      { port: 5432, protocol: 'TCP' },
      { port: 9090, protocol: 'HTTP' },
    ]);
    expect(formatPorts(ports)).toBe('8080/HTTP, 5432/TCP, 9090/HTTP');
  });

  it('keeps a part that is no port as written for validation to name', () => {
    expect(parsePorts('http')).toEqual([{ port: 'http' }]);
    expect(parseList(' , ')).toBeUndefined();
    expect(parseList('GET, POST')).toEqual(['GET', 'POST']);
  });
});
