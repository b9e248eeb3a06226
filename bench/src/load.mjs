// The second process of the HTTP benchmarks: drives one URL with autocannon and prints the
// result as one JSON line on stdout. Usage:
//   node bench/src/load.mjs <url> <request.json> <seconds> <connections>
// where request.json is { method, headers, body }.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, requestFile, seconds, connections] = process.argv.slice(2);
if (url === undefined || requestFile === undefined)
  throw new Error('usage: load.mjs <url> <request.json> <seconds> <connections>');
const request = JSON.parse(readFileSync(requestFile, 'utf8'));
const result = await autocannon({
  url,
  method: request.method,
  headers: request.headers,
  body: request.body,
  duration: Number(seconds ?? 5),
  connections: Number(connections ?? 8),
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
