// Preloaded (node -r) into a benchmarked child process: reports its peak resident set size.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAXRSS_KB ${process.resourceUsage().maxRSS}\n`);
});
