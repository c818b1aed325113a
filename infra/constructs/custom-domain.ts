// The API's custom domain: the one the emailed links name, its certificate (TLS 1.2 at least), the
// mapping of the domain's root onto the API's stage, and the A/AAAA alias records in the hosted zone.
import { DomainName, EndpointType, SecurityPolicy, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { AaaaRecord, ARecord, RecordTarget, type IPublicHostedZone } from 'aws-cdk-lib/aws-route53';
import { ApiGatewayDomain } from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';

export interface CustomDomainProps {
  api: RestApi;
  /** The public domain of the links, such as privacy.nordlicht.de. */
  domain: string;
  /** A certificate for the domain in the stack's Region; issued here with DNS validation in `hostedZone` when absent. */
  certificateArn?: string;
  /** Where the alias and validation records go; without one, the operator points the domain at the output target. */
  hostedZone?: IPublicHostedZone;
}

export class CustomDomain extends Construct {
  readonly domainName: DomainName;
  readonly certificate: ICertificate;

  constructor(scope: Construct, id: string, props: CustomDomainProps) {
    super(scope, id);
    if (props.certificateArn) {
      this.certificate = Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn);
    } else if (props.hostedZone) {
      this.certificate = new Certificate(this, 'Certificate', {
        domainName: props.domain,
        validation: CertificateValidation.fromDns(props.hostedZone),
      });
    } else {
      throw new Error(`The edge of ${props.domain} needs a certificate ARN or a hosted zone to issue one in`);
    }
    // The routes carry their own /v1 (and /health, /opendsr, /.well-known): the domain's root maps onto the
    // stage, so https://<domain>/v1/verify/… is the route /v1/verify/{token} exactly as the links say.
    this.domainName = new DomainName(this, 'Domain', {
      domainName: props.domain,
      certificate: this.certificate,
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
      mapping: props.api,
    });
    if (props.hostedZone) {
      const target = RecordTarget.fromAlias(new ApiGatewayDomain(this.domainName));
      const recordName = props.domain;
      new ARecord(this, 'AliasA', { zone: props.hostedZone, recordName, target, comment: 'privacy-ops: the API custom domain' });
      new AaaaRecord(this, 'AliasAaaa', { zone: props.hostedZone, recordName, target, comment: 'privacy-ops: the API custom domain' });
    }
  }
}
