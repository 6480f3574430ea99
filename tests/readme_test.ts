import { assertOk } from "./assert.ts";

const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
const ci = await Deno.readTextFile(new URL("../.ci/run", import.meta.url));

Deno.test("README: gives exactly two set-up commands, and .ci/run runs the test one", () => {
  const block = readme.match(/<!-- setup -->\s*```sh\n([\s\S]*?)```/);
  assertOk(block, "README has a ```sh block after <!-- setup -->");
  const commands = (block[1] ?? "").split("\n").filter((l) => l.trim() && !l.startsWith("#"));
  assertOk(commands.length === 2, `two commands, found ${commands.length}`);
  const test = commands[1] ?? "";
  assertOk(ci.includes(`(${test})`), `.ci/run runs '${test}'`);
});
