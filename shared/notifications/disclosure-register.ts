// The register of third parties that received personal data for their own direct marketing, per
// calendar year: what a Shine the Light request (Cal. Civ. Code 1798.83) is answered from, and part
// of the answer to a GDPR request for the recipients (Art. 15(1)(c): every year).
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';

export interface Disclosure {
  /** The calendar year of the disclosures, e.g. "2025". */
  year: string;
  recipientId: string;
  name: string;
  /** Postal address of the recipient, as 1798.83 asks. */
  address: string;
  /** Categories of personal information disclosed. */
  categories: string[];
  /** Examples of the products or services marketed, if known. */
  marketing?: string;
  updatedAt: string;
}

export class DisclosureRegister {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  /** Records (or replaces) one recipient's disclosures for a year. */
  async put(disclosure: Disclosure): Promise<Disclosure> {
    await this.documents.send(new PutCommand({ TableName: this.tableName, Item: disclosure }));
    return disclosure;
  }

  /** Every recipient of `year`, by id. */
  async list(year: string): Promise<Disclosure[]> {
    const found: Disclosure[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#year = :year',
          ExpressionAttributeNames: { '#year': 'year' },
          ExpressionAttributeValues: { ':year': year },
          ExclusiveStartKey: startKey,
        }),
      );
      found.push(...((page.Items ?? []) as Disclosure[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }

  /** Every recipient of every year recorded: the register is small, one item per recipient and year. */
  async listAll(): Promise<Disclosure[]> {
    const found: Disclosure[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey }));
      found.push(...((page.Items ?? []) as Disclosure[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return found;
  }
}

/** The year a 1798.83 request covers: the calendar year before the one it was received in (in the controller's zone). */
export function disclosureYear(receivedAt: string, timeZone: string): string {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date(receivedAt)));
  return String(year - 1);
}

/** One recipient as the answer to the subject names it: who, where, and what they received. */
export function describeRecipient(d: Disclosure): string {
  return `${d.name}, ${d.address} (${d.categories.join(', ')})`;
}
