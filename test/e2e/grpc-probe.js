'use strict';
// The kubelet's gRPC readiness probe (`readinessProbe.grpc`), for the processes controllers.js
// runs: one unary call of the standard health service, `grpc.health.v1.Health/Check`, with the
// probe's `service`, over plaintext HTTP/2 (as the kubelet's, no TLS). Ready when the call returns
// grpc-status 0 and status SERVING. Node's http2 module speaks the wire format; the two messages
// are one string field and one enum field, so they are written and read by hand (no gRPC library).
const http2 = require('http2');

/** HealthCheckRequest { string service = 1; } in protobuf, framed as one gRPC message. */
function request(service) {
  const s = Buffer.from(service || '', 'utf8');
  if (s.length > 127) throw new Error('grpc probe: service name longer than 127 bytes');
  const msg = s.length ? Buffer.concat([Buffer.from([0x0a, s.length]), s]) : Buffer.alloc(0);
  const head = Buffer.alloc(5); // compressed flag 0, then the length
  head.writeUInt32BE(msg.length, 1);
  return Buffer.concat([head, msg]);
}

/** HealthCheckResponse { ServingStatus status = 1; }: SERVING is 1 (field 1, varint: 0x08 0x01). */
const serving = (body) => body.length >= 7 && body[5] === 0x08 && body[6] === 0x01;

/** One probe: resolves true or false within `timeoutMs` (the kubelet's default timeout is 1 s; 3 s here, as probeOk's). */
function grpcProbeOk({ port, service }, timeoutMs = 3000) {
  return new Promise((resolve) => {
    let done = false;
    const client = http2.connect(`http://127.0.0.1:${port}`);
    const finish = (ok) => { if (done) return; done = true; clearTimeout(timer); client.destroy(); resolve(ok); };
    const timer = setTimeout(() => finish(false), timeoutMs);
    client.on('error', () => finish(false));
    const req = client.request({ ':method': 'POST', ':path': '/grpc.health.v1.Health/Check', 'content-type': 'application/grpc', te: 'trailers' });
    const chunks = [];
    let status = null; // grpc-status: in the trailers, or in the headers of a trailers-only answer
    req.on('response', (h) => { if (h['grpc-status'] !== undefined) status = String(h['grpc-status']); });
    req.on('trailers', (t) => { if (t['grpc-status'] !== undefined) status = String(t['grpc-status']); });
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => finish(status === '0' && serving(Buffer.concat(chunks))));
    req.on('error', () => finish(false));
    req.end(request(service));
  });
}

module.exports = { grpcProbeOk, request, serving };
