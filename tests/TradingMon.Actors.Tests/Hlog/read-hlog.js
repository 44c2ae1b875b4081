// Independent reader for TradingMon's .hlog files: hdr-histogram-js (a port of the Java HdrHistogram)
// parses the log and decodes every interval; prints per-tag totals and percentiles as JSON.
// Usage: node read-hlog.js <node_modules dir> <file.hlog>
const path = require("path");
const fs = require("fs");
const hdr = require(path.join(process.argv[2], "hdr-histogram-js"));

const content = fs.readFileSync(process.argv[3], "utf8");
const reader = new hdr.HistogramLogReader(content, 64);
const byTag = {};
let h;
while ((h = reader.nextIntervalHistogram()) !== null) {
  const t = byTag[h.tag] ?? (byTag[h.tag] = { intervals: 0, startsMs: [], acc: hdr.build({ bitBucketSize: 64, numberOfSignificantValueDigits: 3 }) });
  t.intervals++;
  t.startsMs.push(h.startTimeStampMsec);
  t.acc.add(h);
}
const out = {};
for (const [tag, t] of Object.entries(byTag)) {
  out[tag] = {
    intervals: t.intervals,
    count: t.acc.totalCount,
    p50: t.acc.getValueAtPercentile(50),
    p99: t.acc.getValueAtPercentile(99),
    p999: t.acc.getValueAtPercentile(99.9),
    max: t.acc.maxValue,
    firstStartMs: Math.min(...t.startsMs),
  };
}
console.log(JSON.stringify(out));
