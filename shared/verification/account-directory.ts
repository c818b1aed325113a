// The company's account directory, as the knowledge check needs it: an account's facts by email.
import { sharedDocumentClient } from '../aws/dynamodb.js';
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { normaliseEmail } from '../subject.js';
import type { AccountFacts } from './knowledge-check.js';

export interface AccountDirectory {
  /** The account registered under `email`, or undefined. */
  findByEmail(email: string): Promise<AccountFacts | undefined>;
}

/**
 * A directory kept in a DynamoDB table with an index `byEmail` (partition key `email`, stored
 * normalised) and the attributes accountId, email, billingAddress {street, postalCode, city}, cardLast4, optionally name (the identity provider's verified name is matched against it),
 * and optionally locale (the account's language: notices to its owner are written in it) and
 * jurisdiction (`gdpr` or `ccpa`: the law a mail from the owner that names none is filed under).
 */
export class DynamoAccountDirectory implements AccountDirectory {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  async findByEmail(email: string): Promise<AccountFacts | undefined> {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byEmail',
        KeyConditionExpression: 'email = :email',
        ExpressionAttributeValues: { ':email': normaliseEmail(email) },
        Limit: 2,
      }),
    );
    // Two accounts under one email cannot tell us who is asking: treat it as no match.
    if (Items?.length !== 1) return undefined;
    const item = Items[0]!;
    return {
      accountId: String(item.accountId),
      email: String(item.email),
      billingAddress: {
        street: String(item.billingAddress?.street ?? ''),
        postalCode: String(item.billingAddress?.postalCode ?? ''),
        city: String(item.billingAddress?.city ?? ''),
      },
      cardLast4: String(item.cardLast4 ?? ''),
      ...(typeof item.name === 'string' ? { name: item.name } : {}),
      ...(typeof item.locale === 'string' ? { locale: item.locale } : {}),
      ...(item.jurisdiction === 'gdpr' || item.jurisdiction === 'ccpa' ? { jurisdiction: item.jurisdiction } : {}),
    };
  }
}
