// The third-party disclosure register: PUT /v1/disclosures/{year}/{recipientId}, GET /v1/disclosures/{year}.
import * as z from 'zod';

export const DisclosureParams = z.object({
  year: z.string().regex(/^(19|20)\d{2}$/, 'must be a calendar year such as 2025'),
  recipientId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be lower-case letters, digits and "-"'),
});

export const DisclosureYearParams = DisclosureParams.pick({ year: true });

export const DisclosureBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    address: z.string().trim().min(1).max(500).meta({ description: 'Postal address of the recipient' }),
    categories: z.array(z.string().trim().min(1).max(100)).min(1).max(50).meta({ description: 'Categories of personal information disclosed' }),
    marketing: z.string().trim().max(500).optional().meta({ description: 'The products or services the recipient marketed' }),
  })
  .meta({ id: 'DisclosureBody' });

export const DisclosureResource = z
  .object({
    year: z.string(),
    recipientId: z.string(),
    name: z.string(),
    address: z.string(),
    categories: z.array(z.string()),
    marketing: z.string().optional(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Disclosure' });

export const DisclosureList = z.object({ year: z.string(), items: z.array(DisclosureResource) }).meta({ id: 'DisclosureList' });
