// ${{ values.name }}: an HTTP service. Its configuration is delivered by the
// IDP configuration manager as a ConfigMap mounted at CONFIG_PATH.
const fs = require('node:fs');
const http = require('node:http');

const configPath = process.env.CONFIG_PATH ?? '/etc/${{ values.name }}/config.json';
const config = fs.existsSync(configPath)
  ? JSON.parse(fs.readFileSync(configPath, 'utf8'))
  : {};
const port = Number(process.env.PORT ?? config.server?.port ?? 8080);

http
  .createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ service: '${{ values.name }}' }));
  })
  .listen(port, () => console.log(`${{ values.name }} listens on ${port}`));
