// The second process of the HTTP benchmarks: drives one URL with autocannon and prints the
// result as one JSON line on stdout. Usage:
//   node bench/src/load.mjs <url> <request.json> <seconds> <connections>
// where request.json is { method, headers, body } or { method, headers, bodies: [...] }: with
// `bodies`, request n sends bodies[n mod length] (the same rotation whatever URL is driven),
// so that a server cannot answer a repeated document from a cache.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, requestFile, seconds, connections] = process.argv.slice(2);
if (url === undefined || requestFile === undefined)
  throw new Error('usage: load.mjs <url> <request.json> <seconds> <connections>');
const request = JSON.parse(readFileSync(requestFile, 'utf8'));
const bodies = Array.isArray(request.bodies) ? request.bodies : undefined;
let next = 0;
const result = await autocannon({
  url,
  duration: Number(seconds ?? 5),
  connections: Number(connections ?? 8),
  ...(bodies === undefined
    ? { method: request.method, headers: request.headers, body: request.body }
    : {
        requests: [
          {
            method: request.method,
            headers: request.headers,
            setupRequest: (req) => {
              const body = bodies[next];
              next = (next + 1) % bodies.length;
              return { ...req, body };
            },
          },
        ],
      }),
});
process.stdout.write(
  `${JSON.stringify({
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  })}\n`,
);
