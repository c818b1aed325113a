// The intake table's pointers from a notice's Message-ID to its request, by which a reply finds the
// request: the key the store writes and reads, and the one grant a function that mails notices has
// on the table (it may put these items and nothing else).

/** The leading key of every pointer item: `notice#<message-id>`. */
export const NOTICE_POINTER_PREFIX = 'notice#';

/** The key of the pointer from the notice `messageId` (Message-IDs compare without case). */
export function noticePointerKey(messageId: string): string {
  return `${NOTICE_POINTER_PREFIX}${messageId.toLowerCase()}`;
}

/**
 * The IAM grant of the intake table's `notices` access: PutItem, only for items whose leading key
 * starts with the pointer prefix. No reads, no updates, no other item.
 */
export const NOTICE_POINTER_GRANT = {
  actions: ['dynamodb:PutItem'],
  conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${NOTICE_POINTER_PREFIX}*`] } },
} as const;
