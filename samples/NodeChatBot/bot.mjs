// A chat bot in a stored private room it owns: it creates the room (or finds its own again by name), adds the people
// it serves, takes their commands, submits jobs with its API key and posts their progress and results back into the
// room. It resumes after its read marker, so a command posted while it was away is answered when it is back.
//
//   PLATFORM_URL=http://localhost:5080 PLATFORM_API_KEY=pk_... CHATBOT_MEMBERS=<user id> node bot.mjs
import { Credentials, PlatformClient, PlatformError } from "@platform/client";
import { help, parse } from "./commands.mjs";

const platform = new PlatformClient({
  baseUrl: process.env.PLATFORM_URL ?? "http://localhost:5080",
  credentials: Credentials.apiKey(required("PLATFORM_API_KEY")),
});
const roomName = process.env.CHATBOT_ROOM ?? "bot";
const members = (process.env.CHATBOT_MEMBERS ?? "").split(",").filter(Boolean);
const ready = "Bot here. Ask me with /generate or /train; /help for more.";
const linkLifetimeSeconds = 24 * 60 * 60;

/** The jobs the bot submitted and follows: what was asked, by whom, and the last quarter of progress it told. */
const followed = new Map();

const rooms = await platform.listMyRooms();
const room = rooms.find((r) => r.name === roomName && r.myRole === "owner") ?? (await platform.createRoom({ name: roomName, topic: "Ask the bot for images and training runs: /help" }));
for (const member of members) await platform.addRoomMember(room.id, member);
// Its own greeting tells the bot who it is (an API key has no profile to ask), and where its read marker stands.
const me = (await platform.postRoomMessage(room.id, ready)).authorId;
const readUpTo = (await platform.call("get", "/api/v1/rooms/{id}/members", { path: { id: room.id } })).find((m) => m.userId === me)?.lastReadSeq ?? 0;

const live = platform.live();
live.on("chatMessage", answer);
live.on("jobEvent", report);
live.on("reconnected", ({ baseUrl }) => console.log(`Back on ${baseUrl}.`));
await live.start();
// Every job the bot submits is heard from its first event, even one that is over before it could be watched alone.
await live.subscribeMyJobs();
await live.watchRoom(room.id, readUpTo);
console.log(`In room '${room.name}' (${room.id}).`);

for (const signal of ["SIGTERM", "SIGINT"])
  process.once(signal, async () => {
    await live.stop();
    process.exit(0);
  });

async function answer(message) {
  const command = message.kind === "user" && message.authorId !== me ? parse(message.text ?? "") : null;
  if (!command) return;
  const askedBy = message.authorName ?? "someone";
  console.log(`${askedBy}: ${message.text}`);
  try {
    if (command.submit) {
      const job = await platform.submitJob(command.submit);
      followed.set(job.id, { description: command.description, askedBy, reported: 0 });
      await say(`${askedBy}: queued your ${command.description} as job ${job.id}.`);
    } else if (command.status) {
      const job = await platform.getJob(command.status);
      await say(`Job ${job.id} (${job.type}): ${job.status}, ${Math.round(job.progress ?? 0)}%.`);
    } else if (command.cancel) {
      const job = await platform.cancelJob(command.cancel);
      await say(`Job ${job.id}: ${job.status}.`);
    } else if (command.help) {
      await say(help);
    } else {
      await say(command.invalid);
    }
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error;
    const reasons = Object.entries(error.errors).map(([field, problems]) => `${field} ${problems.join(" ")}`);
    await say(`${askedBy}: the platform said no: ${reasons.length > 0 ? reasons.join("; ") : (error.detail ?? error.title)}`);
  } finally {
    // Answered, or refused with the reason: either way this command is behind the bot when it comes back.
    await platform.call("post", "/api/v1/rooms/{id}/read", { path: { id: room.id }, body: { seq: message.seq } });
  }
}

async function report(event) {
  const job = followed.get(event.jobId);
  if (!job) return;
  if (event.kind === "progressed" && event.progress !== undefined) {
    const quarter = Math.floor(event.progress / 25) * 25;
    if (quarter <= job.reported || quarter >= 100) return;
    job.reported = quarter;
    const loss = event.metrics?.loss === undefined ? "" : `, loss ${event.metrics.loss.toFixed(4)}`;
    await say(`${job.description} for ${job.askedBy}: ${quarter}%${loss}`);
  } else if (event.kind === "succeeded") {
    followed.delete(event.jobId);
    await say(`${job.description} for ${job.askedBy} is done: ${await result(event)}`);
  } else if (event.kind === "failed" && event.status === "failed") {
    followed.delete(event.jobId);
    await say(`${job.description} for ${job.askedBy} failed: ${event.error}`);
  } else if (event.kind === "cancelled") {
    followed.delete(event.jobId);
    await say(`${job.description} for ${job.askedBy} was cancelled.`);
  }
}

// The room's members are other users than the bot, who cannot read its jobs: a download link needs no credentials.
async function result(succeeded) {
  const [artifact] = succeeded.artifacts ?? [];
  const link = artifact ? new URL((await platform.createArtifactLink(succeeded.jobId, artifact.name, { lifetimeSeconds: linkLifetimeSeconds })).url, platform.http.baseUrl).href : null;
  const output = succeeded.output;
  if (output?.finalLoss !== undefined) return `final loss ${output.finalLoss.toFixed(4)} after ${output.epochs} epochs${link ? `, model at ${link}` : ""}`;
  return link ?? "finished.";
}

// A burst of progress may pass the room's pace for one member; the bot waits its turn.
async function say(text) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await live.postToRoom(room.id, text);
    } catch (error) {
      if (!String(error.message).includes("messages a second") || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function required(name) {
  if (!process.env[name]) {
    console.error(`Set ${name}.`);
    process.exit(2);
  }
  return process.env[name];
}
