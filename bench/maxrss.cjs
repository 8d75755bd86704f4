// Preloaded by bench/report.bench.mjs when /usr/bin/time is absent: the peak RSS, on stderr at exit.
process.on('exit', () => require('node:fs').writeSync(2, 'maxrss ' + process.resourceUsage().maxRSS + '\n'));
