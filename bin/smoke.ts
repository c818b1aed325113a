// `npm run smoke -- --stage prod` (or --url, or --local): the post-deploy smoke test (bin/smoke-cli.ts),
// with the AWS side built from the caller's own credentials (bin/smoke-aws.ts).
import { awsFor } from './smoke-aws.js';
import { runSmoke } from './smoke-cli.js';

process.exitCode = await runSmoke(process.argv.slice(2), {
  env: process.env,
  fetch: (input, init) => fetch(input, init),
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  aws: (region) => awsFor(region),
});
