// A mail server for the tests (tests/TestCluster/LocalSmtp.cs starts it): smtp-server on a loopback port (the one given,
// else a free one) that takes every message, without TLS or sign-in, and appends it to the file given as one JSON line
// {"from":…,"to":[…],"data":"<the message as sent>"} before it answers 250. It prints {"port":…} once it listens and
// ends when its standard input closes, so a test run that is killed takes it along.
import { appendFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';

const [file, port = '0'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node smtp-sink.mjs <file> [port]');
  process.exit(2);
}
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const envelope = session.envelope;
      const line = { from: envelope.mailFrom?.address ?? null, to: envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') };
      appendFileSync(file, `${JSON.stringify(line)}\n`);
      callback();
    });
  },
});
server.on('error', (error) => console.error(error.message));
server.listen(Number(port), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.server.address().port }));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
