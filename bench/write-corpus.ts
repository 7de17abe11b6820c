// node .bench-build/bench/write-corpus.js <dir> <posts> [short|long] (compiled by npm run bench): writes the
// benchmark corpus and prints {"newest": "<path>"}. The benchmark runs it as a child process, so that
// generating 100,000 posts does not count in the peak memory it reports for the service.
import { writeCorpus } from './corpus.js';

const [dir, posts, kind = 'short'] = process.argv.slice(2);
if (!dir || !posts || !Number.isInteger(Number(posts)) || (kind !== 'short' && kind !== 'long')) {
  process.stderr.write('usage: write-corpus.ts <dir> <posts> [short|long]\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(writeCorpus(dir, { posts: Number(posts), kind }))}\n`);
