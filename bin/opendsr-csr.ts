// `npm run opendsr-csr -- --key <OpenDsrSigningKeyArn> --domain <domain> --organization <name>`: prints
// the certification request (PEM) for the stack's OpenDSR signing key, signed by KMS, for a
// certificate authority to certify; its certificate goes into openDsr.certificatePem (docs/deploy.md).
import { parseArgs } from 'node:util';
import { KmsProcessorSigner } from '../shared/protocols/kms-signer.js';

const USAGE = `Usage: npm run opendsr-csr -- --key <key ARN> --domain <domain> --organization <name>
  --key <ARN>            the stack output OpenDsrSigningKeyArn
  --domain <domain>      the processor domain: the deployment configuration's domain
  --organization <name>  the controller's name, as the certificate's organization
Needs AWS credentials allowed kms:GetPublicKey and kms:Sign on the key.`;

const { values } = parseArgs({
  options: { key: { type: 'string' }, domain: { type: 'string' }, organization: { type: 'string' }, help: { type: 'boolean' } },
});
if (values.help || !values.key || !values.domain || !values.organization) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
process.stdout.write(await new KmsProcessorSigner(values.key).certificationRequest({ domain: values.domain, organization: values.organization }));
