-- wrk script for bench/http_bench.py: counts responses outside 2xx and page-cache hits (X-Page-Cache: hit),
-- and prints one JSON line at the end (latency percentiles in microseconds, requests, duration, socket errors).
--   wrk -t2 -c4 -d20s --latency -s bench/wrk_report.lua http://127.0.0.1:8000/countries/mli/

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   non2xx = 0
   first_bad = 0
   cache_hits = 0
end

function response(status, headers, body)
   if headers["X-Page-Cache"] == "hit" then
      cache_hits = cache_hits + 1
   end
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      if first_bad == 0 then
         first_bad = status
      end
   end
end

function done(summary, latency, requests)
   local bad, bad_status, hits = 0, 0, 0
   for _, thread in ipairs(threads) do
      bad = bad + thread:get("non2xx")
      hits = hits + thread:get("cache_hits")
      if bad_status == 0 then
         bad_status = thread:get("first_bad")
      end
   end
   local errors = summary.errors
   io.write(string.format(
      'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
      '"max_us": %d, "mean_us": %.1f, "non2xx": %d, "first_non2xx_status": %d, "connect_errors": %d, ' ..
      '"read_errors": %d, "write_errors": %d, "timeouts": %d, "cache_hits": %d}\n',
      summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(95),
      latency:percentile(99), latency.max, latency.mean, bad, bad_status, errors.connect, errors.read,
      errors.write, errors.timeout, hits))
end
