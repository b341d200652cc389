// An S3-compatible server for the tests (tests/TestCluster/LocalS3.cs starts it): s3rver on a free loopback port over
// the folder given, printing {"port":…} once it listens. It ends when its standard input closes, so a test run that is
// killed takes it along instead of leaving it running.
import S3rver from 's3rver';

const [directory] = process.argv.slice(2);
if (!directory) {
  console.error('usage: node s3rver.mjs <directory>');
  process.exit(2);
}
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, vhostBuckets: false });
const { port } = await server.run();
console.log(JSON.stringify({ port }));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
