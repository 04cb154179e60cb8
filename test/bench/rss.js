// Preloaded with `node -r`: reports the whole process's peak memory when it exits.
const fs = require('fs');
process.on('exit', () => fs.writeSync(2, `\nbench-maxrss-kib=${process.resourceUsage().maxRSS}\n`));
