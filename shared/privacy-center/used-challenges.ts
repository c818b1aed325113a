// Used proof-of-work challenges at rest: the hash of a challenge's nonce in the tokens table until
// the challenge would have expired, written once, so a solved challenge files once.
import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sharedDocumentClient } from '../aws/dynamodb.js';
import type { UsedChallenges } from './proof-of-work.js';

/** The purpose the tokens table records them under; no link store answers for it. */
export const USED_CHALLENGE_PURPOSE = 'proof-of-work';

export class DynamoUsedChallenges implements UsedChallenges {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly tableName: string,
    client?: DynamoDBDocumentClient,
  ) {
    this.documents = client ?? sharedDocumentClient();
  }

  async claim(challengeId: string, until: Date): Promise<boolean> {
    const tokenHash = `pow-${createHash('sha256').update(challengeId, 'utf8').digest('hex')}`;
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { tokenHash, purpose: USED_CHALLENGE_PURPOSE, expiresAt: Math.ceil(until.getTime() / 1000) },
          ConditionExpression: 'attribute_not_exists(tokenHash)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
