// The data inventory contract: the body of PUT /v1/systems/{systemId}, the system resource and its list.
import * as z from 'zod';
import { LOCALES } from '../../shared/domain/request-model.js';
import { SYSTEM_ACTIONS } from '../../shared/fulfilment/model.js';
import { SYSTEM_ID } from '../../shared/fulfilment/register-system.js';
import { Email } from '../common.schema.js';

/** ISO 8601 durations in whole units, e.g. P10Y, P35D, P1Y6M, P2W, PT12H. */
export const ISO_DURATION = /^P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/;

/** Hosts a webhook may be called on over plain http: a system under test on this machine. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

const Label = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

/** A text per language (`de`, `en`), at least one: notices and export READMEs pick the subject's, else the text registered without a language. */
const Localized = (max: number, what: string) =>
  z
    .strictObject({ de: Label(max).optional(), en: Label(max).optional() })
    .refine((texts) => texts.de !== undefined || texts.en !== undefined, 'must give the text in de, en or both')
    .meta({ description: `${what} per language; a notice or export README in a language with none uses the one registered without a language` });
/** Purposes are matched against a request's scope.purposes, so they take the same form. */
const Purpose = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be letters, digits, ".", "_", ":" or "-"');
const distinct = (values: readonly unknown[]) => new Set(values).size === values.length;

const SubjectKey = z.enum(['accountId', 'email']).meta({ description: "Which of the subject's identifiers the system files records under" });

/** https anywhere; plain http only to this machine, for a system under test. Never with credentials in the URL. */
function isWebhookUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

const DynamoDbConnector = z.strictObject({
  kind: z.literal('dynamodb'),
  table: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name'),
  keyAttribute: Label(255),
  sortKeyAttribute: Label(255).optional(),
  subjectKey: SubjectKey,
});

const S3Connector = z
  .strictObject({
    kind: z.literal('s3'),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
    prefix: z.string().min(1, 'is required').max(1024, 'must be at most 1024 characters').meta({
      description: "Key prefix holding one subject's objects; {accountId} or {email} (as subjectKey says) is replaced by the subject's identifier",
    }),
    subjectKey: SubjectKey,
  })
  .superRefine((connector, ctx) => {
    // Without the placeholder the prefix would cover every subject's objects at once.
    if (!connector.prefix.includes(`{${connector.subjectKey}}`)) {
      ctx.addIssue({ code: 'custom', path: ['prefix'], message: `must contain {${connector.subjectKey}}` });
    }
  });

const WebhookConnector = z.strictObject({
  kind: z.literal('webhook'),
  url: z
    .string()
    .max(2048, 'must be at most 2048 characters')
    .refine(isWebhookUrl, 'must be an https URL without credentials (http only for localhost or 127.0.0.1)'),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(14 * 24 * 3600)
    .optional()
    .meta({
      description: 'How long the system has to report a task before it counts as failed (default 3 days)',
    }),
});

const ManualConnector = z.strictObject({
  kind: z.literal('manual'),
  instructions: Label(2000),
});

const ObjectionRule = z
  .discriminatedUnion('effect', [
    z.strictObject({ effect: z.literal('stop') }),
    z.strictObject({ effect: z.literal('delete') }),
    z.strictObject({
      effect: z.literal('not-applicable'),
      reason: Label(500).meta({
        description: 'Why an objection does not reach this system, told to the subject (e.g. the legal duty the processing rests on)',
      }),
      reasons: Localized(500, 'The reason').optional(),
    }),
  ])
  .meta({
    id: 'ObjectionRule',
    description:
      'What an objection (GDPR Art. 21) does here: stop processing, delete the data, or nothing, for the reason given. Default: stop. A system serving marketing cannot be not-applicable (Art. 21(3))',
  });

const Contact = z
  .strictObject({
    email: Email.meta({ description: 'A business mailbox (a person or a team); never logged' }),
    locale: z.enum(LOCALES).optional().meta({ description: 'The language of the task mails (default en)' }),
  })
  .meta({ description: "Who does the system's part by hand: mailed when a task is opened for it (required for a manual connector)" });

const RetentionRule = z.strictObject({
  category: Label(100).meta({ description: 'Which data the rule keeps, e.g. invoices' }),
  categoryNames: Localized(100, 'The category').optional(),
  keepFor: z.string().regex(ISO_DURATION, 'must be an ISO 8601 duration in whole units, e.g. P10Y or P35D'),
  legalBasis: Label(500).meta({ description: 'The law that requires keeping it' }),
  legalBases: Localized(500, 'The legal basis').optional(),
});

export const SystemIdParams = z.object({
  systemId: z
    .string()
    .regex(SYSTEM_ID, 'must be 2 to 63 lower-case letters, digits or "-", not starting with "-"')
    .meta({ description: 'The system\'s id, chosen by the system: lower-case letters, digits and "-"' }),
});

export const PutSystemBody = z
  .strictObject({
    name: Label(200).optional().meta({ description: "The system's name; required unless names gives one" }),
    names: Localized(200, 'The name').optional(),
    owner: Label(200).meta({ description: 'The team answerable for the system' }),
    description: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
    descriptions: Localized(2000, 'The description').optional(),
    categoryNames: z
      .record(Label(100), Localized(100, 'The category'))
      .optional()
      .meta({ description: 'Each category per language, keyed by the category as given in categories; one without a text reads as given' }),
    purposeNames: z
      .record(Purpose, Localized(200, 'The purpose'))
      .optional()
      .meta({ description: 'Each purpose per language, keyed by the purpose as given in purposes; one without a text reads as given' }),
    categories: z
      .array(Label(100))
      .min(1, 'must name at least one category')
      .max(50, 'must name at most 50 categories')
      .refine(distinct, 'must not repeat a category')
      .meta({ description: 'Categories of personal data the system holds' }),
    connector: z.discriminatedUnion('kind', [DynamoDbConnector, S3Connector, WebhookConnector, ManualConnector]),
    actions: z
      .array(z.enum(SYSTEM_ACTIONS))
      .refine(distinct, 'must not repeat an action')
      .meta({ description: 'What the connector can do; a deletion with neither delete nor anonymise is answered as retained' }),
    purposes: z
      .array(Purpose)
      .max(50, 'must name at most 50 purposes')
      .refine(distinct, 'must not repeat a purpose')
      .meta({ description: 'Purposes the system processes data for; objections and withdrawals stop these' }),
    objection: ObjectionRule.optional(),
    retention: z.array(RetentionRule).max(50, 'must hold at most 50 rules'),
    sellsOrShares: z.boolean().default(false).meta({ description: 'Whether a sale/sharing opt-out must reach this system' }),
    marketingRecipients: z
      .array(Label(300))
      .max(100, 'must name at most 100 recipients')
      .default([])
      .meta({ description: 'Third parties receiving its data for direct marketing (Cal. Civ. Code 1798.83)' }),
    recipients: z.array(Label(300)).max(100, 'must name at most 100 recipients').optional().meta({
      description:
        'Recipients, or categories of recipients, its data is disclosed to for any purpose (processors, authorities, partners): the answer to a GDPR request for the recipients (Art. 15(1)(c)) names them with the marketing recipients',
    }),
    supportCases: z
      .strictObject({
        caseAttribute: Label(255).meta({ description: "The attribute (DynamoDB) or JSON field (S3 object) that holds a record's support case id" }),
      })
      .optional()
      .meta({
        description:
          'For a system holding support-case data: its records of a case are deleted when the case is reported resolved (built-in connectors filing by accountId only)',
      }),
    contact: Contact.optional(),
    rotateSecret: z
      .boolean()
      .optional()
      .meta({ description: 'Webhook only: issue a new signing secret, returned once in this reply; the old one stops working' }),
  })
  .superRefine((body, ctx) => {
    if (body.name === undefined && body.names === undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'is required, unless names gives the name in de or en' });
    }
    if (body.rotateSecret && body.connector.kind !== 'webhook') {
      ctx.addIssue({ code: 'custom', path: ['rotateSecret'], message: 'only a webhook connector has a signing secret' });
    }
    if (body.objection?.effect === 'not-applicable' && body.purposes.includes('marketing')) {
      ctx.addIssue({
        code: 'custom',
        path: ['objection', 'effect'],
        message: 'an objection to direct marketing always applies (GDPR Art. 21(3)): use stop or delete',
      });
    }
    if (body.objection?.effect === 'delete' && !body.actions.includes('delete') && !body.actions.includes('anonymise') && body.retention.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['objection', 'effect'], message: 'deleting on objection needs delete or anonymise among actions' });
    }
    for (const key of Object.keys(body.categoryNames ?? {})) {
      if (!body.categories.includes(key)) ctx.addIssue({ code: 'custom', path: ['categoryNames', key], message: 'is not one of categories' });
    }
    for (const key of Object.keys(body.purposeNames ?? {})) {
      if (!body.purposes.includes(key)) ctx.addIssue({ code: 'custom', path: ['purposeNames', key], message: 'is not one of purposes' });
    }
    const { connector } = body;
    if (connector.kind === 'manual' && !body.contact) {
      ctx.addIssue({ code: 'custom', path: ['contact'], message: 'a manual connector names the contact who is told of its tasks' });
    }
    if (body.supportCases && !((connector.kind === 'dynamodb' || connector.kind === 's3') && connector.subjectKey === 'accountId')) {
      ctx.addIssue({ code: 'custom', path: ['supportCases'], message: 'needs a dynamodb or s3 connector that files records by accountId' });
    }
  })
  .meta({ id: 'PutSystem' });

export type PutSystemBody = z.output<typeof PutSystemBody>;

const Timestamp = z.iso.datetime();
const LocalizedView = z.object({ de: z.string().optional(), en: z.string().optional() });

export const SystemResource = z
  .object({
    systemId: z.string(),
    name: z.string(),
    names: z.object({ de: z.string().optional(), en: z.string().optional() }).optional(),
    owner: z.string(),
    description: z.string().optional(),
    descriptions: LocalizedView.optional(),
    categories: z.array(z.string()),
    categoryNames: z.record(z.string(), LocalizedView).optional(),
    connector: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('dynamodb'), table: z.string(), keyAttribute: z.string(), sortKeyAttribute: z.string().optional(), subjectKey: SubjectKey }),
      z.object({ kind: z.literal('s3'), bucket: z.string(), prefix: z.string(), subjectKey: SubjectKey }),
      z.object({
        kind: z.literal('webhook'),
        url: z.string(),
        timeoutSeconds: z.number().int().optional(),
        secretSet: z.boolean().meta({ description: 'Whether a signing secret is issued; the secret itself is shown only once, when issued' }),
        secretIssuedAt: Timestamp.optional(),
      }),
      z.object({ kind: z.literal('manual'), instructions: z.string() }),
    ]),
    actions: z.array(z.enum(SYSTEM_ACTIONS)),
    purposes: z.array(z.string()),
    purposeNames: z.record(z.string(), LocalizedView).optional(),
    objection: ObjectionRule,
    retention: z.array(
      z.object({
        category: z.string(),
        categoryNames: LocalizedView.optional(),
        keepFor: z.string(),
        legalBasis: z.string(),
        legalBases: z.object({ de: z.string().optional(), en: z.string().optional() }).optional(),
      }),
    ),
    sellsOrShares: z.boolean(),
    marketingRecipients: z.array(z.string()),
    recipients: z.array(z.string()),
    supportCases: z.object({ caseAttribute: z.string() }).optional(),
    contact: z.object({ email: z.string(), locale: z.enum(LOCALES).optional() }).optional(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    links: z.object({ self: z.string() }),
  })
  .meta({ id: 'System' });

export const PutSystemResult = SystemResource.extend({
  signingSecret: z
    .string()
    .optional()
    .meta({ description: 'The webhook signing secret (base64url, 32 bytes): present only when this call issued it, and never shown again' }),
}).meta({ id: 'PutSystemResult' });

export const SystemList = z.object({ items: z.array(SystemResource) }).meta({ id: 'SystemList' });
