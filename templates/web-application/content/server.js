// ${{ values.name }}: serves the web application in public/. Its configuration
// is delivered by the IDP configuration manager as a ConfigMap at CONFIG_PATH.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const configPath = process.env.CONFIG_PATH ?? '/etc/${{ values.name }}/config.json';
const config = fs.existsSync(configPath)
  ? JSON.parse(fs.readFileSync(configPath, 'utf8'))
  : {};
const port = Number(process.env.PORT ?? config.server?.port ?? ${{ values.port }});
const root = path.join(__dirname, 'public');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

http
  .createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const requested = path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = path.join(root, requested === '/' ? 'index.html' : requested);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  })
  .listen(port, () => console.log(`${{ values.name }} listens on ${port}`));
