// What a chat line asks of the bot. Lines that are not commands are not for the bot and parse to null.

export const help = [
  "/generate <prompt> [--steps N] [--width N] [--height N] [--seed N]: render an image",
  "/train [--epochs N] [--learning-rate X]: fit a model and follow its loss",
  "/status <job id>, /cancel <job id>, /help",
].join("\n");

const generateOptions = { "--steps": "steps", "--width": "width", "--height": "height", "--seed": "seed" };
const trainOptions = { "--epochs": "epochs", "--learning-rate": "learningRate" };

/** @returns {null | {submit: object, description: string} | {status: string} | {cancel: string} | {help: true} | {invalid: string}} */
export function parse(text) {
  const words = text.trim().split(/\s+/);
  const [verb, ...rest] = words;
  if (!verb?.startsWith("/")) return null;
  switch (verb) {
    case "/generate": {
      const { input, words: prompt, problem } = options(rest, generateOptions);
      if (problem) return { invalid: problem };
      if (prompt.length === 0) return { invalid: "Say what to draw: /generate <prompt>" };
      input.prompt = prompt.join(" ");
      return { submit: { type: "generation", input }, description: `image of "${input.prompt}"` };
    }
    case "/train": {
      const { input, words: extra, problem } = options(rest, trainOptions);
      if (problem || extra.length > 0) return { invalid: problem ?? `I do not know "${extra.join(" ")}": ${help.split("\n")[1]}` };
      return { submit: { type: "training", input }, description: "training run" };
    }
    case "/status":
    case "/cancel":
      if (rest.length !== 1) return { invalid: `Name one job: ${verb} <job id>` };
      return verb === "/status" ? { status: rest[0] } : { cancel: rest[0] };
    case "/help":
      return { help: true };
    default:
      return { invalid: `I do not know ${verb}. ${help}` };
  }
}

// Numbers after --name go into the input by their field; the other words stay in order.
function options(words, known) {
  const input = {};
  const rest = [];
  for (let i = 0; i < words.length; i++) {
    const field = known[words[i]];
    if (!field) {
      rest.push(words[i]);
      continue;
    }
    const value = Number(words[++i]);
    if (words[i] === undefined || Number.isNaN(value)) return { input, words: rest, problem: `${words[i - 1]} needs a number.` };
    input[field] = value;
  }
  return { input, words: rest };
}
