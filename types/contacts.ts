/**
 * The contract for whom a household calls when the phone is quicker than an order: its grid's
 * workers and its community's committee (`GET /api/me/contacts`). Same rules as `api.ts`.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Nullable } from './api'

export const Contact = Type.Object({
  name: Type.String(),
  phone: Type.String({ description: 'The full number: the household calls it (makePhoneCall).' }),
})
export type ContactDto = Static<typeof Contact>

export const HouseholdContacts = Type.Object({
  gridName: Type.String({ description: "The household's grid, e.g. 第1网格." }),
  gridWorkers: Type.Array(Contact, { description: "Active grid workers of the household's grid, longest serving first." }),
  community: Type.Object({
    name: Type.String({ description: 'The community committee, e.g. 阳光社区大党委.' }),
    phone: Nullable(
      Type.String({ description: 'Orgs have no phone of their own yet: that of its first active community-level committee member; null when it has none.' }),
    ),
  }),
})
export type HouseholdContactsDto = Static<typeof HouseholdContacts>
