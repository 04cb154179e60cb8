'use strict';
// Webhook routing (README.md, "Webhooks"). kube-apiserver's EgressSelectorConfiguration sends
// every connection into the cluster network (admission and conversion webhooks, aggregated APIs)
// as HTTP CONNECT over a unix socket to this proxy. The CONNECT target is the service's ClusterIP
// and port (kube-apiserver resolves a webhook's service to its ClusterIP; the TLS server name
// stays `<service>.<namespace>.svc`): a service whose server runs as a real process (a route,
// added by controllers.js) is connected to that process's loopback port; every other service goes
// to the fake allow-all server (fakes.js).
// The same router also listens on a loopback TCP port for real processes' own egress
// (listenEgress: their HTTPS_PROXY, e.g. katib-controller's gRPC to a Suggestion's Service,
// `<service>.<namespace>:<port>`): there a target with no route is refused, not faked.
const fs = require('fs');
const net = require('net');

class WebhookRouter {
  /** @param {{socket: string, fallbackPort: () => number}} opts */
  constructor({ socket, fallbackPort }) {
    this.socket = socket;
    this.fallbackPort = fallbackPort;
    this.routes = new Map();
    this.sockets = new Set();
    // Connections per CONNECT target (`<host:port> -> n`), to a real process or to the fake server.
    this.counts = { routed: {}, fake: {}, refused: {} };
  }

  /** Sends CONNECTs for `<ClusterIP>:<port>` to a loopback port. */
  route(target, port) { this.routes.set(target, port); }

  unroute(target) { this.routes.delete(target); }

  /** The loopback port a CONNECT target goes to. */
  portFor(target) {
    if (this.routes.has(target)) {
      this.counts.routed[target] = (this.counts.routed[target] || 0) + 1;
      return this.routes.get(target);
    }
    this.counts.fake[target] = (this.counts.fake[target] || 0) + 1;
    return this.fallbackPort();
  }

  async listen() {
    this.server = net.createServer((client) => this.accept(client, true));
    try { fs.unlinkSync(this.socket); } catch { /* none */ }
    await new Promise((r) => this.server.listen(this.socket, r));
  }

  /** The TCP egress proxy on 127.0.0.1 (HTTP CONNECT; routed targets only): resolves to its port. */
  async listenEgress() {
    if (this.egress) return this.egress.address().port;
    this.egress = net.createServer((client) => this.accept(client, false));
    await new Promise((r) => this.egress.listen(0, '127.0.0.1', r));
    return this.egress.address().port;
  }

  /** One CONNECT: piped to the target's route, else (fallback) to the fake server, else refused. */
  accept(client, fallback) {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    let head = Buffer.alloc(0);
    const onData = (c) => {
      head = Buffer.concat([head, c]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.removeListener('data', onData);
      const m = /^CONNECT (\S+) HTTP/.exec(head.subarray(0, end).toString('latin1'));
      if (!m) { client.end('HTTP/1.1 400 Bad Request\r\n\r\n'); return; }
      const rest = head.subarray(end + 4);
      if (process.env.E2E_DEBUG_ROUTES) process.stdout.write(`[route] ${m[1]} -> ${this.routes.get(m[1]) || (fallback ? 'fake' : 'refused')}\n`);
      if (!fallback && !this.routes.has(m[1])) {
        this.counts.refused[m[1]] = (this.counts.refused[m[1]] || 0) + 1;
        client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
        return;
      }
      const upstream = net.connect(this.portFor(m[1]), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        if (rest.length) upstream.write(rest);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      // A routed process that is not listening (yet, or any more) fails the call, as a pod would.
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    };
    client.on('data', onData);
    client.on('error', () => {});
  }

  async close() {
    for (const c of this.sockets) c.destroy();
    if (this.server) await new Promise((r) => this.server.close(() => r()));
    if (this.egress) await new Promise((r) => this.egress.close(() => r()));
  }
}

module.exports = { WebhookRouter };
