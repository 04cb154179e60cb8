'use strict';
// A minimal Kubernetes REST client (admin client certificate) for the harness and its fakes.
const https = require('https');

class Kube {
  constructor({ server, ca, cert, key }) {
    this.url = new URL(server);
    this.agent = new https.Agent({ ca, cert, key, keepAlive: true, maxSockets: 16 });
  }

  request(method, path, body, contentType = 'application/json') {
    return new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const req = https.request({
        host: this.url.hostname, port: this.url.port, method, path, agent: this.agent,
        headers: { Accept: 'application/json', ...(data ? { 'Content-Type': contentType, 'Content-Length': data.length } : {}) },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      req.setTimeout(60000, () => req.destroy(new Error(`${method} ${path}: timeout`)));
      if (data) req.write(data);
      req.end();
    });
  }

  raw(method, path) { return this.request(method, path); }

  async call(method, path, body, contentType) {
    const r = await this.request(method, path, body, contentType);
    if (r.status >= 300) {
      const e = new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 500)}`);
      e.status = r.status;
      throw e;
    }
    return r.text ? JSON.parse(r.text) : {};
  }

  get(path) { return this.call('GET', path); }
  jsonPatch(path, ops) { return this.call('PATCH', path, ops, 'application/json-patch+json'); }
  mergePatch(path, obj) { return this.call('PATCH', path, obj, 'application/merge-patch+json'); }

  async create(obj) {
    const ns = obj.metadata.namespace;
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    const plural = `${obj.kind.toLowerCase()}s`;
    const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
    return this.call('POST', `${base}${ns ? `/namespaces/${ns}` : ''}/${plural}`, obj);
  }

  /**
   * Calls onEvent(type, object) for every object of a collection, then for every change.
   * Re-lists and re-watches when the watch ends. Returns a stop function.
   */
  watch(path, onEvent, onError) {
    let stopped = false;
    let req = null;
    const loop = async () => {
      while (!stopped) {
        try {
          const list = await this.get(path);
          for (const o of list.items) await onEvent('ADDED', o);
          await new Promise((resolve) => {
            const sep = path.includes('?') ? '&' : '?';
            req = https.request({
              host: this.url.hostname, port: this.url.port, method: 'GET', agent: this.agent,
              path: `${path}${sep}watch=1&allowWatchBookmarks=false&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=300`,
              headers: { Accept: 'application/json' },
            }, (res) => {
              let buf = '';
              let queue = Promise.resolve();
              res.setEncoding('utf8');
              res.on('data', (c) => {
                buf += c;
                let i;
                while ((i = buf.indexOf('\n')) >= 0) {
                  const line = buf.slice(0, i);
                  buf = buf.slice(i + 1);
                  if (!line.trim()) continue;
                  const ev = JSON.parse(line);
                  if (ev.type === 'ERROR') continue;
                  queue = queue.then(() => onEvent(ev.type, ev.object)).catch((e) => onError && onError(e));
                }
              });
              res.on('end', () => queue.then(resolve));
              res.on('error', () => resolve());
            });
            req.on('error', () => resolve());
            req.end();
          });
        } catch (e) {
          if (!stopped && onError) onError(e);
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    loop();
    return () => { stopped = true; if (req) req.destroy(); };
  }

  close() { this.agent.destroy(); }
}

/** The message of a `request` answer: a Status's `message` (a webhook's denial), else the body as it came. */
const statusMessage = (r) => { try { return JSON.parse(r.text).message; } catch { return r.text; } };

module.exports = { Kube, statusMessage };
