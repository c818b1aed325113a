// `npm run ops -- list | show <id> | tasks | complete <taskId> <outcome> | report <year>`: the operator's view of a running privacy-ops API.
import { runOps } from './ops-cli.js';

process.exitCode = await runOps(process.argv.slice(2), {
  env: process.env,
  fetch: (input, init) => fetch(input, init),
  now: () => new Date(),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
